// The page's side of the fake core (src/test/fake-core.ts), bundled by global-setup.ts into one
// script that helpers.ts adds before the app loads. It reads the recorded core (fixtures/core.json)
// and the test's options from window, and exposes the core's calls for the tests to check.
import { FakeCore, type CoreFixture, type FakeOptions } from '../src/test/fake-core';

const w = window as unknown as { __RB_CORE__: CoreFixture; __RB_OPTIONS__?: FakeOptions; __RB_FAKE__: FakeCore };
// The options object stays the test's: a test may change what a dialog answers between steps.
const core = new FakeCore(w.__RB_CORE__, (w.__RB_OPTIONS__ ??= {}));
core.install(window);
w.__RB_FAKE__ = core;
