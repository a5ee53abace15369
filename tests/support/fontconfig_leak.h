// Include once in a test binary that draws figures (it defines a function). Under LeakSanitizer,
// fontconfig — which cairo asks for the DejaVu Sans font — keeps its configuration for the life of
// the process in memory that LSan cannot trace back (about 650 bytes, allocated once); it is not a
// leak of ours. The hook must live in the executable: a shared library's definition would lose to
// the sanitizer runtime's weak default.
#ifndef ACTLAB_TESTS_SUPPORT_FONTCONFIG_LEAK_H_
#define ACTLAB_TESTS_SUPPORT_FONTCONFIG_LEAK_H_

#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

#endif  // ACTLAB_TESTS_SUPPORT_FONTCONFIG_LEAK_H_
