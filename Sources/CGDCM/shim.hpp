// Internal to the CGDCM shim: what its .cpp files share (string and sequence helpers, the
// SIGABRT guard). The C interface is include/cgdcm.h.
#pragma once

#include "cgdcm.h"

#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmPVRGCodec.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTag.h>
#include <gdcmTrace.h>

namespace cgdcm_shim {

void setError(char *err, size_t n, const std::string &s);
// Reads `path`'s data set up to (not including) the pixel data; false when GDCM cannot.
bool readHeaderOnly(gdcm::Reader &reader, const char *path);
void copyString(char *dst, size_t n, const std::string &s);
// The value bytes of a string-valued element, trimmed of padding; "" when absent.
std::string text(const gdcm::DataSet &ds, uint16_t g, uint16_t e);
// Backslash-separated decimal strings (DS/IS) as numbers.
std::vector<double> numbers(const std::string &s);
// An unsigned short (US) element, little endian; -1 when absent.
int usValue(const gdcm::DataSet &ds, uint16_t g, uint16_t e);
int integer(const gdcm::DataSet &ds, uint16_t g, uint16_t e, int fallback);
gdcm::SmartPointer<gdcm::SequenceOfItems> sequence(const gdcm::DataSet &ds, uint16_t g, uint16_t e);
size_t itemCount(const gdcm::SmartPointer<gdcm::SequenceOfItems> &sq);
// Item `i` (0-based) of a sequence.
const gdcm::DataSet &item(const gdcm::SmartPointer<gdcm::SequenceOfItems> &sq, size_t i);
// The first item of a (functional-group) sequence nested in `ds`, or nullptr.
const gdcm::DataSet *firstItem(const gdcm::DataSet &ds, uint16_t g, uint16_t e,
                               std::vector<gdcm::SmartPointer<gdcm::SequenceOfItems>> &keep);
bool fill(double *dst, const std::vector<double> &v, size_t n);

// Transfer syntaxes (image.cpp): whether GDCM would fall back to pvrg-jpeg for `ts`, its UID
// with a name, and the transfer syntax of a file from its header alone.
bool pvrgWouldDecode(const gdcm::TransferSyntax &ts);
std::string transferSyntaxName(const gdcm::TransferSyntax &ts);
bool probeTransferSyntax(const char *path, gdcm::TransferSyntax &ts);

// Debian's GDCM is built with assertions: some malformed files make it call abort() instead
// of failing (e.g. an element it reads as SQ in the file meta group). DICOMStructure (Swift)
// rejects the known cases before GDCM runs; as a last line, every entry point below runs GDCM
// under a per-thread SIGABRT guard that jumps back and reports an error. Objects GDCM was
// building are leaked, never destroyed; an abort outside a guard behaves as before.
bool guardedCall(void (*body)(void *), void *context);
extern const char *const abortMessage;

// Runs `body`; false when GDCM aborted inside it.
template <class Body> bool guarded(Body &&body) {
    return guardedCall([](void *b) { (*static_cast<std::remove_reference_t<Body> *>(b))(); }, &body);
}

}  // namespace cgdcm_shim
