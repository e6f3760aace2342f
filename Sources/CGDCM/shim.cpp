// The shared parts of the GDCM shim (see shim.hpp).
#include "shim.hpp"

namespace {

// GDCM's own warnings would interleave with our output: every failure reaches the caller
// through the error strings instead.
struct QuietGDCM {
    QuietGDCM() {
        gdcm::Trace::DebugOff();
        gdcm::Trace::WarningOff();
        gdcm::Trace::ErrorOff();
    }
};
const QuietGDCM quiet;

}  // namespace

namespace cgdcm_shim {

void setError(char *err, size_t n, const std::string &s) {
    if (err && n > 0) std::snprintf(err, n, "%s", s.c_str());
}

bool readHeaderOnly(gdcm::Reader &reader, const char *path) {
    reader.SetFileName(path);
    std::set<gdcm::Tag> skip;
    skip.insert(gdcm::Tag(0x7fe0, 0x0010));
    return reader.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010), skip);
}

void copyString(char *dst, size_t n, const std::string &s) {
    std::snprintf(dst, n, "%s", s.c_str());
}

// The value bytes of a string-valued element, trimmed of padding; "" when absent.
std::string text(const gdcm::DataSet &ds, uint16_t g, uint16_t e) {
    const gdcm::Tag t(g, e);
    if (!ds.FindDataElement(t)) return "";
    const gdcm::DataElement &de = ds.GetDataElement(t);
    const gdcm::ByteValue *bv = de.GetByteValue();
    if (!bv || !bv->GetPointer()) return "";
    std::string s(bv->GetPointer(), bv->GetLength());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    size_t start = 0;
    while (start < s.size() && s[start] == ' ') ++start;
    return s.substr(start);
}

// Backslash-separated decimal strings (DS/IS) as numbers.
std::vector<double> numbers(const std::string &s) {
    std::vector<double> out;
    const char *p = s.c_str();
    while (*p) {
        while (*p == ' ' || *p == '\\') ++p;
        if (!*p) break;
        char *end = nullptr;
        double v = std::strtod(p, &end);
        if (end == p) { out.push_back(NAN); while (*p && *p != '\\') ++p; continue; }
        out.push_back(v);
        p = end;
        while (*p && *p != '\\') ++p;
    }
    return out;
}

// An unsigned short (US) element, little endian; -1 when absent.
int usValue(const gdcm::DataSet &ds, uint16_t g, uint16_t e) {
    const gdcm::Tag t(g, e);
    if (!ds.FindDataElement(t)) return -1;
    const gdcm::ByteValue *bv = ds.GetDataElement(t).GetByteValue();
    if (!bv || bv->GetLength() < 2) return -1;
    const unsigned char *b = reinterpret_cast<const unsigned char *>(bv->GetPointer());
    return b[0] | (b[1] << 8);
}

int integer(const gdcm::DataSet &ds, uint16_t g, uint16_t e, int fallback) {
    std::vector<double> v = numbers(text(ds, g, e));
    return v.empty() || !(v[0] == v[0]) ? fallback : static_cast<int>(v[0]);
}

gdcm::SmartPointer<gdcm::SequenceOfItems> sequence(const gdcm::DataSet &ds, uint16_t g, uint16_t e) {
    const gdcm::Tag t(g, e);
    if (!ds.FindDataElement(t)) return nullptr;
    return ds.GetDataElement(t).GetValueAsSQ();
}

size_t itemCount(const gdcm::SmartPointer<gdcm::SequenceOfItems> &sq) {
    return sq ? sq->GetNumberOfItems() : 0;
}

// Item `i` (0-based) of a sequence.
const gdcm::DataSet &item(const gdcm::SmartPointer<gdcm::SequenceOfItems> &sq, size_t i) {
    return sq->GetItem(i + 1).GetNestedDataSet();
}

// The first item of a (functional-group) sequence nested in `ds`, or nullptr.
const gdcm::DataSet *firstItem(const gdcm::DataSet &ds, uint16_t g, uint16_t e,
                               std::vector<gdcm::SmartPointer<gdcm::SequenceOfItems>> &keep) {
    auto sq = sequence(ds, g, e);
    if (itemCount(sq) == 0) return nullptr;
    keep.push_back(sq);
    return &item(sq, 0);
}

bool fill(double *dst, const std::vector<double> &v, size_t n) {
    if (v.size() < n) return false;
    for (size_t i = 0; i < n; ++i) dst[i] = v[i];
    return true;
}

thread_local sigjmp_buf *abortJump = nullptr;
struct sigaction previousAbort;
std::once_flag abortGuardInstalled;

void onAbort(int sig, siginfo_t *info, void *context) {
    if (sigjmp_buf *jump = abortJump) {
        abortJump = nullptr;
        siglongjmp(*jump, 1);
    }
    if ((previousAbort.sa_flags & SA_SIGINFO) && previousAbort.sa_sigaction) {
        previousAbort.sa_sigaction(sig, info, context);
    } else if (!(previousAbort.sa_flags & SA_SIGINFO) && previousAbort.sa_handler != SIG_DFL && previousAbort.sa_handler != SIG_IGN) {
        previousAbort.sa_handler(sig);
    } else {
        std::signal(SIGABRT, SIG_DFL);
        std::raise(SIGABRT);
    }
}

bool guardedCall(void (*body)(void *), void *context) {
    std::call_once(abortGuardInstalled, [] {
        struct sigaction action;
        std::memset(&action, 0, sizeof action);
        action.sa_sigaction = onAbort;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGABRT, &action, &previousAbort);
    });
    sigjmp_buf jump;
    if (sigsetjmp(jump, 1) != 0) return false;
    abortJump = &jump;
    body(context);
    abortJump = nullptr;
    return true;
}

const char *const abortMessage = "GDCM aborted on a malformed element (the DICOM file is damaged)";

}  // namespace cgdcm_shim
