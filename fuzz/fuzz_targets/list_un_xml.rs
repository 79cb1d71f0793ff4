#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| riskbrief::fuzz::list(riskbrief::fuzz::LIST_FORMATS[9], data));
