// Cloud platforms in the order people look for them: the three largest first, then the rest.
const BIG_THREE = ['Amazon', 'Microsoft', 'Google'];

export function orderPlatforms(names: Iterable<string>): string[] {
  const set = new Set(names);
  const others = [...set].filter((p) => !BIG_THREE.includes(p)).sort((a, b) => a.localeCompare(b));
  return [...BIG_THREE.filter((p) => set.has(p)), ...others];
}

/** The big three always, plus any other platform the offerings name. */
export function platformsOf(offerings: { platform: string }[], always = BIG_THREE): string[] {
  return orderPlatforms([...always, ...offerings.map((o) => o.platform)]);
}
