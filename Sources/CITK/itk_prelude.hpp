// Included first by every translation unit of the shim that includes ITK headers.
//
// Debian's ITK 5.2 headers (itk_compiler_detection.h) know GNU compilers only and stop with
// "#error Unsupported compiler" under clang. Presenting clang as GCC 12 for these translation
// units lets the toolchain's clang++ compile them (checked: /work/shared/notes/itk-with-clang.md).
// Pre-defining only the detection macros is not enough: ITK needs the whole GNU feature header.
#pragma once
#ifdef __clang__
#undef __clang__
#endif
#ifdef __GNUC__
#undef __GNUC__
#endif
#ifdef __GNUC_MINOR__
#undef __GNUC_MINOR__
#endif
#define __GNUC__ 12
#define __GNUC_MINOR__ 2

#include <cstdio>
#include <string>

namespace citk_shim {
inline void setError(char *err, size_t n, const std::string &s) {
    if (err && n > 0) std::snprintf(err, n, "%s", s.c_str());
}
// ITK exception descriptions span several lines ("itk::ExceptionObject (0x…)\nLocation: …\n
// File: …\nDescription: …"): keep the description only, on one line.
inline std::string oneLine(const std::string &s) {
    std::string d = s;
    const auto at = d.find("Description: ");
    if (at != std::string::npos) d = d.substr(at + 13);
    for (auto &c : d) if (c == '\n' || c == '\r') c = ' ';
    while (!d.empty() && d.back() == ' ') d.pop_back();
    return d;
}
}  // namespace citk_shim
