// GDCM behind a plain-C interface (see include/cgdcm.h). No exception crosses the boundary.
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
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmPVRGCodec.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTag.h>
#include <gdcmTrace.h>

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

void setError(char *err, size_t n, const std::string &s) {
    if (err && n > 0) std::snprintf(err, n, "%s", s.c_str());
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

// Debian's GDCM is built with assertions: some malformed files make it call abort() instead
// of failing (e.g. an element it reads as SQ in the file meta group). DICOMStructure (Swift)
// rejects the known cases before GDCM runs; as a last line, every entry point below runs GDCM
// under a per-thread SIGABRT guard that jumps back and reports an error. Objects GDCM was
// building are leaked, never destroyed; an abort outside a guard behaves as before.
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

// Runs `body`; false when GDCM aborted inside it.
template <class Body> bool guarded(Body &&body) {
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
    body();
    abortJump = nullptr;
    return true;
}

const char *const abortMessage = "GDCM aborted on a malformed element (the DICOM file is damaged)";

}  // namespace

static int cgdcm_read_header_unguarded(const char *path, cgdcm_header *h, char *err, size_t errlen) {
    try {
        std::memset(h, 0, sizeof *h);
        gdcm::Reader reader;
        reader.SetFileName(path);
        std::set<gdcm::Tag> skip;
        skip.insert(gdcm::Tag(0x7fe0, 0x0010));
        if (!reader.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010), skip)) {
            setError(err, errlen, "not a readable DICOM file");
            return 1;
        }
        const gdcm::File &file = reader.GetFile();
        const gdcm::DataSet &ds = file.GetDataSet();
        copyString(h->sop_class_uid, sizeof h->sop_class_uid, text(ds, 0x0008, 0x0016));
        if (h->sop_class_uid[0] == 0) {
            copyString(h->sop_class_uid, sizeof h->sop_class_uid, text(file.GetHeader(), 0x0002, 0x0002));
        }
        copyString(h->sop_instance_uid, sizeof h->sop_instance_uid, text(ds, 0x0008, 0x0018));
        copyString(h->series_uid, sizeof h->series_uid, text(ds, 0x0020, 0x000e));
        copyString(h->frame_of_reference_uid, sizeof h->frame_of_reference_uid, text(ds, 0x0020, 0x0052));
        copyString(h->series_description, sizeof h->series_description, text(ds, 0x0008, 0x103e));
        copyString(h->modality, sizeof h->modality, text(ds, 0x0008, 0x0060));
        copyString(h->transfer_syntax, sizeof h->transfer_syntax, text(file.GetHeader(), 0x0002, 0x0010));
        copyString(h->photometric, sizeof h->photometric, text(ds, 0x0028, 0x0004));
        h->has_position = fill(h->position, numbers(text(ds, 0x0020, 0x0032)), 3);
        h->has_orientation = fill(h->orientation, numbers(text(ds, 0x0020, 0x0037)), 6);
        h->has_pixel_spacing = fill(h->pixel_spacing, numbers(text(ds, 0x0028, 0x0030)), 2);
        std::vector<double> thick = numbers(text(ds, 0x0018, 0x0050));
        h->slice_thickness = thick.empty() ? 0 : thick[0];
        std::vector<double> slope = numbers(text(ds, 0x0028, 0x1053));
        std::vector<double> inter = numbers(text(ds, 0x0028, 0x1052));
        h->rescale_slope = slope.empty() ? 1 : slope[0];
        h->rescale_intercept = inter.empty() ? 0 : inter[0];
        h->rows = usValue(ds, 0x0028, 0x0010);
        h->columns = usValue(ds, 0x0028, 0x0011);
        h->frames = integer(ds, 0x0028, 0x0008, 1);
        h->samples_per_pixel = usValue(ds, 0x0028, 0x0002);
        h->bits_allocated = usValue(ds, 0x0028, 0x0100);
        h->bits_stored = usValue(ds, 0x0028, 0x0101);
        h->high_bit = usValue(ds, 0x0028, 0x0102);
        h->pixel_representation = usValue(ds, 0x0028, 0x0103);
        h->instance_number = integer(ds, 0x0020, 0x0013, 0);
        h->has_pixel_data = ds.FindDataElement(gdcm::Tag(0x7fe0, 0x0010)) || (h->rows > 0 && h->columns > 0 && h->bits_allocated > 0);
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
        return -1;
    } catch (...) {
        setError(err, errlen, "GDCM failed to read the header");
        return -1;
    }
}

// MARK: JPEG without the external pvrg-jpeg fallback
//
// When GDCM's built-in JPEG codec rejects the pixel data of a JPEG transfer syntax, GDCM runs
// the external program pvrg-jpeg (system("/usr/bin/pvrg-jpeg -d -u …"), when Debian's
// pvrg-jpeg package is installed), and on corrupt data that program can spin forever. It
// happens already inside ImageReader::Read (PixmapReader computes the lossy flag by trying
// every codec) and again in Image::GetBuffer. Files in a transfer syntax that pvrg-jpeg would
// take therefore never reach ImageReader: they are read with the plain Reader and decoded by
// the built-in JPEG codec alone (Bitmap::TryJPEGCodec, the step GetBuffer runs before the
// fallback); when it fails, the file is an error.
namespace {

// True when GDCM would hand this transfer syntax to pvrg-jpeg after its JPEG codec fails.
bool pvrgWouldDecode(const gdcm::TransferSyntax &ts) {
    gdcm::PVRGCodec pvrg;
    return pvrg.CanDecode(ts);
}

// Bitmap::TryJPEGCodec is protected: a pointer to it, named through a derived class, calls it
// on any Bitmap. With a null buffer it only reads the JPEG header (and adopts the stream's
// pixel format), as ImageReader::Read does.
struct BuiltInJPEG : gdcm::Bitmap {
    static bool decode(const gdcm::Bitmap &bitmap, char *buffer) {
        bool (gdcm::Bitmap::*tryJPEG)(char *, bool &) const = &BuiltInJPEG::TryJPEGCodec;
        bool lossy = false;
        return (bitmap.*tryJPEG)(buffer, lossy);
    }
};

std::string transferSyntaxName(const gdcm::TransferSyntax &ts) {
    const char *uid = gdcm::TransferSyntax::GetTSString(ts);
    if (!uid) return "?";
    const char *name = nullptr;
    switch (static_cast<gdcm::TransferSyntax::TSType>(ts)) {
    case gdcm::TransferSyntax::JPEGBaselineProcess1: name = "JPEG Baseline"; break;
    case gdcm::TransferSyntax::JPEGExtendedProcess2_4: name = "JPEG Extended"; break;
    case gdcm::TransferSyntax::JPEGExtendedProcess3_5: name = "JPEG Extended 3-5"; break;
    case gdcm::TransferSyntax::JPEGSpectralSelectionProcess6_8: name = "JPEG Spectral Selection"; break;
    case gdcm::TransferSyntax::JPEGFullProgressionProcess10_12: name = "JPEG Full Progression"; break;
    case gdcm::TransferSyntax::JPEGLosslessProcess14: name = "JPEG Lossless"; break;
    case gdcm::TransferSyntax::JPEGLosslessProcess14_1: name = "JPEG Lossless SV1"; break;
    default: break;
    }
    return name ? std::string(uid) + " (" + name + ")" : std::string(uid);
}

std::string jpegRejected(const gdcm::TransferSyntax &ts) {
    return "GDCM's JPEG decoder rejects the pixel data (transfer syntax " + transferSyntaxName(ts) +
           "); the external pvrg-jpeg fallback is never run";
}

// The transfer syntax of `path` from its header alone (pixel data not read).
bool probeTransferSyntax(const char *path, gdcm::TransferSyntax &ts) {
    gdcm::Reader probe;
    probe.SetFileName(path);
    std::set<gdcm::Tag> skip;
    skip.insert(gdcm::Tag(0x7fe0, 0x0010));
    if (!probe.ReadUpToTag(gdcm::Tag(0x7fe0, 0x0010), skip)) return false;
    ts = probe.GetFile().GetHeader().GetDataSetTransferSyntax();
    return true;
}

}  // namespace

struct cgdcm_image {
    gdcm::ImageReader reader;
    // JPEG transfer syntaxes: the file as read by the plain Reader and the image built from it.
    gdcm::Reader plain;
    gdcm::Image jpeg;
    bool builtInJPEG = false;
    bool aborted = false;   // GDCM aborted inside: its state is not to be trusted, not even to free
    const gdcm::Image &image() const { return builtInJPEG ? jpeg : reader.GetImage(); }
};

// Fills `im->jpeg` from the plain Reader's data set, the attributes PixmapReader would use.
static bool buildJPEGImage(cgdcm_image *im, const gdcm::TransferSyntax &ts, char *err, size_t errlen) {
    const gdcm::DataSet &ds = im->plain.GetFile().GetDataSet();
    const int rows = usValue(ds, 0x0028, 0x0010), columns = usValue(ds, 0x0028, 0x0011);
    const int frames = integer(ds, 0x0028, 0x0008, 1);
    const int allocated = usValue(ds, 0x0028, 0x0100);
    int stored = usValue(ds, 0x0028, 0x0101), high = usValue(ds, 0x0028, 0x0102);
    int samples = usValue(ds, 0x0028, 0x0002), representation = usValue(ds, 0x0028, 0x0103);
    if (rows <= 0 || columns <= 0 || frames != 1) {
        setError(err, errlen, "JPEG pixel data of " + std::to_string(columns) + "×" + std::to_string(rows) + "×" +
                 std::to_string(frames) + " is not a single image");
        return false;
    }
    if (allocated != 8 && allocated != 16) {
        setError(err, errlen, "JPEG pixel data with " + std::to_string(allocated) + " bits allocated is not supported");
        return false;
    }
    if (stored <= 0 || stored > allocated) stored = allocated;
    if (high < 0 || high >= allocated) high = stored - 1;
    if (samples <= 0) samples = 1;
    if (representation != 1) representation = 0;
    const gdcm::Tag pixelTag(0x7fe0, 0x0010);
    if (!ds.FindDataElement(pixelTag) || !ds.GetDataElement(pixelTag).GetSequenceOfFragments()) {
        setError(err, errlen, "transfer syntax " + transferSyntaxName(ts) + " but the pixel data is not encapsulated");
        return false;
    }
    gdcm::Image &image = im->jpeg;
    image.SetNumberOfDimensions(2);
    image.SetDimension(0, static_cast<unsigned int>(columns));
    image.SetDimension(1, static_cast<unsigned int>(rows));
    image.SetPixelFormat(gdcm::PixelFormat(static_cast<unsigned short>(samples), static_cast<unsigned short>(allocated),
                                           static_cast<unsigned short>(stored), static_cast<unsigned short>(high),
                                           static_cast<unsigned short>(representation)));
    const gdcm::PhotometricInterpretation::PIType pi = gdcm::PhotometricInterpretation::GetPIType(text(ds, 0x0028, 0x0004).c_str());
    image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation(
        pi == gdcm::PhotometricInterpretation::UNKNOWN ? (samples == 1 ? gdcm::PhotometricInterpretation::MONOCHROME2 : gdcm::PhotometricInterpretation::RGB) : pi));
    const int planar = usValue(ds, 0x0028, 0x0006);
    if (samples == 3) image.SetPlanarConfiguration(planar == 1 ? 1 : 0);
    image.SetTransferSyntax(ts);
    image.SetDataElement(ds.GetDataElement(pixelTag));
    // Header only (null buffer): rejects what ImageReader::Read would have sent to pvrg-jpeg.
    if (!BuiltInJPEG::decode(image, nullptr)) {
        setError(err, errlen, jpegRejected(ts));
        return false;
    }
    im->builtInJPEG = true;
    return true;
}

static cgdcm_image *cgdcm_image_open_unguarded(const char *path, cgdcm_pixel_info *info, char *err, size_t errlen) {
    try {
        std::unique_ptr<cgdcm_image> im(new cgdcm_image);
        gdcm::TransferSyntax ts;
        if (!probeTransferSyntax(path, ts)) {
            setError(err, errlen, "GDCM cannot read the pixel data");
            return nullptr;
        }
        if (pvrgWouldDecode(ts)) {
            im->plain.SetFileName(path);
            if (!im->plain.Read()) {
                setError(err, errlen, "GDCM cannot read the pixel data");
                return nullptr;
            }
            if (!buildJPEGImage(im.get(), ts, err, errlen)) return nullptr;
        } else {
            im->reader.SetFileName(path);
            if (!im->reader.Read()) {
                setError(err, errlen, "GDCM cannot read the pixel data");
                return nullptr;
            }
            // PixmapReader may settle on another transfer syntax than the header's: never one
            // that would reach pvrg-jpeg on decoding.
            if (pvrgWouldDecode(im->reader.GetImage().GetTransferSyntax())) {
                setError(err, errlen, jpegRejected(im->reader.GetImage().GetTransferSyntax()));
                return nullptr;
            }
        }
        const gdcm::Image &image = im->image();
        const unsigned int *dims = image.GetDimensions();
        const gdcm::PixelFormat &pf = image.GetPixelFormat();
        info->columns = static_cast<int>(dims[0]);
        info->rows = static_cast<int>(dims[1]);
        info->frames = image.GetNumberOfDimensions() >= 3 ? static_cast<int>(dims[2]) : 1;
        info->bits_allocated = pf.GetBitsAllocated();
        info->bits_stored = pf.GetBitsStored();
        info->pixel_representation = pf.GetPixelRepresentation();
        info->samples_per_pixel = pf.GetSamplesPerPixel();
        info->buffer_length = image.GetBufferLength();
        return im.release();
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
    } catch (...) {
        setError(err, errlen, "GDCM failed to read the image");
    }
    return nullptr;
}

static int cgdcm_image_decode_unguarded(cgdcm_image *im, void *buffer, size_t length, char *err, size_t errlen) {
    try {
        const gdcm::Image &image = im->image();
        if (image.GetBufferLength() != length) {
            setError(err, errlen, "decoded pixel data size differs from the header");
            return -1;
        }
        if (im->builtInJPEG) {
            if (!BuiltInJPEG::decode(image, static_cast<char *>(buffer))) {
                setError(err, errlen, jpegRejected(image.GetTransferSyntax()));
                return -1;
            }
            return 0;
        }
        if (!image.GetBuffer(static_cast<char *>(buffer))) {
            setError(err, errlen, "GDCM cannot decode the pixel data (transfer syntax " +
                     std::string(image.GetTransferSyntax().GetString() ? image.GetTransferSyntax().GetString() : "?") + ")");
            return -1;
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
    } catch (...) {
        setError(err, errlen, "GDCM failed to decode the pixel data");
    }
    return -1;
}

extern "C" void cgdcm_image_free(cgdcm_image *im) { if (im && !im->aborted) delete im; }

// MARK: RTSTRUCT

struct cgdcm_rtstruct {
    struct ROI { int number; std::string name; };
    struct Contour { int roi; std::string type; std::vector<double> points; };
    std::vector<ROI> rois;
    std::vector<Contour> contours;
    std::string frames, series;   // backslash-separated UIDs
};

namespace {
void appendUID(std::string &list, const std::string &uid) {
    if (uid.empty()) return;
    if (!list.empty()) list += "\\";
    list += uid;
}
}  // namespace

static cgdcm_rtstruct *cgdcm_rtstruct_open_unguarded(const char *path, char *err, size_t errlen) {
    try {
        gdcm::Reader reader;
        reader.SetFileName(path);
        if (!reader.Read()) {
            setError(err, errlen, "not a readable DICOM file");
            return nullptr;
        }
        const gdcm::DataSet &ds = reader.GetFile().GetDataSet();
        std::unique_ptr<cgdcm_rtstruct> rt(new cgdcm_rtstruct);
        auto frames = sequence(ds, 0x3006, 0x0010);
        for (size_t f = 0; f < itemCount(frames); ++f) {
            const gdcm::DataSet &fr = item(frames, f);
            appendUID(rt->frames, text(fr, 0x0020, 0x0052));
            auto studies = sequence(fr, 0x3006, 0x0012);
            for (size_t s = 0; s < itemCount(studies); ++s) {
                auto series = sequence(item(studies, s), 0x3006, 0x0014);
                for (size_t r = 0; r < itemCount(series); ++r) appendUID(rt->series, text(item(series, r), 0x0020, 0x000e));
            }
        }
        auto rois = sequence(ds, 0x3006, 0x0020);
        for (size_t i = 0; i < itemCount(rois); ++i) {
            const gdcm::DataSet &it = item(rois, i);
            rt->rois.push_back({integer(it, 0x3006, 0x0022, -1), text(it, 0x3006, 0x0026)});
            appendUID(rt->frames, text(it, 0x3006, 0x0024));
        }
        auto roiContours = sequence(ds, 0x3006, 0x0039);
        for (size_t i = 0; i < itemCount(roiContours); ++i) {
            const gdcm::DataSet &rc = item(roiContours, i);
            int roi = integer(rc, 0x3006, 0x0084, -1);
            auto contours = sequence(rc, 0x3006, 0x0040);
            for (size_t c = 0; c < itemCount(contours); ++c) {
                const gdcm::DataSet &ct = item(contours, c);
                std::vector<double> pts = numbers(text(ct, 0x3006, 0x0050));
                pts.resize(pts.size() - pts.size() % 3);
                rt->contours.push_back({roi, text(ct, 0x3006, 0x0042), std::move(pts)});
            }
        }
        return rt.release();
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
    } catch (...) {
        setError(err, errlen, "GDCM failed to read the RTSTRUCT");
    }
    return nullptr;
}

extern "C" size_t cgdcm_rtstruct_roi_count(const cgdcm_rtstruct *rt) { return rt->rois.size(); }
extern "C" int cgdcm_rtstruct_roi_number(const cgdcm_rtstruct *rt, size_t i) { return rt->rois[i].number; }
extern "C" const char *cgdcm_rtstruct_roi_name(const cgdcm_rtstruct *rt, size_t i) { return rt->rois[i].name.c_str(); }
extern "C" size_t cgdcm_rtstruct_contour_count(const cgdcm_rtstruct *rt) { return rt->contours.size(); }
extern "C" int cgdcm_rtstruct_contour_roi_number(const cgdcm_rtstruct *rt, size_t c) { return rt->contours[c].roi; }
extern "C" const char *cgdcm_rtstruct_contour_type(const cgdcm_rtstruct *rt, size_t c) { return rt->contours[c].type.c_str(); }
extern "C" size_t cgdcm_rtstruct_contour_point_count(const cgdcm_rtstruct *rt, size_t c) { return rt->contours[c].points.size() / 3; }
extern "C" const double *cgdcm_rtstruct_contour_points(const cgdcm_rtstruct *rt, size_t c) { return rt->contours[c].points.data(); }
extern "C" const char *cgdcm_rtstruct_referenced_frames(const cgdcm_rtstruct *rt) { return rt->frames.c_str(); }
extern "C" const char *cgdcm_rtstruct_referenced_series(const cgdcm_rtstruct *rt) { return rt->series.c_str(); }
extern "C" void cgdcm_rtstruct_free(cgdcm_rtstruct *rt) { delete rt; }

// MARK: SEG

struct cgdcm_seg {
    struct Segment { int number; std::string label; };
    gdcm::ImageReader reader;
    bool aborted = false;
    cgdcm_seg_info info;
    std::vector<Segment> segments;
    std::vector<int> frameSegment;
    std::vector<double> framePosition;   // 3 per frame, NaN when absent
};

static cgdcm_seg *cgdcm_seg_open_unguarded(const char *path, cgdcm_seg_info *info, char *err, size_t errlen) {
    try {
        std::unique_ptr<cgdcm_seg> seg(new cgdcm_seg);
        // A segmentation is never JPEG-compressed in practice; refusing it keeps ImageReader
        // away from the pvrg-jpeg fallback (see BuiltInJPEG).
        gdcm::TransferSyntax ts;
        if (probeTransferSyntax(path, ts) && pvrgWouldDecode(ts)) {
            setError(err, errlen, "segmentation in transfer syntax " + transferSyntaxName(ts) + " is not supported (JPEG)");
            return nullptr;
        }
        seg->reader.SetFileName(path);
        if (!seg->reader.Read()) {
            setError(err, errlen, "GDCM cannot read the segmentation pixel data");
            return nullptr;
        }
        const gdcm::DataSet &ds = seg->reader.GetFile().GetDataSet();
        cgdcm_seg_info &s = seg->info;
        std::memset(&s, 0, sizeof s);
        s.rows = usValue(ds, 0x0028, 0x0010);
        s.columns = usValue(ds, 0x0028, 0x0011);
        s.frames = integer(ds, 0x0028, 0x0008, 1);
        s.fractional = text(ds, 0x0062, 0x0001) == "FRACTIONAL";
        std::vector<double> maxFrac = numbers(text(ds, 0x0062, 0x000e));
        if (maxFrac.empty()) maxFrac = {static_cast<double>(usValue(ds, 0x0062, 0x000e))};
        s.max_fractional_value = maxFrac[0] > 0 ? maxFrac[0] : 255;

        auto segs = sequence(ds, 0x0062, 0x0002);
        for (size_t i = 0; i < itemCount(segs); ++i) {
            const gdcm::DataSet &it = item(segs, i);
            int number = usValue(it, 0x0062, 0x0004);
            seg->segments.push_back({number, text(it, 0x0062, 0x0005)});
        }

        std::vector<gdcm::SmartPointer<gdcm::SequenceOfItems>> keep;
        auto readPlane = [&](const gdcm::DataSet &group) {
            if (const gdcm::DataSet *o = firstItem(group, 0x0020, 0x9116, keep)) {
                if (fill(s.orientation, numbers(text(*o, 0x0020, 0x0037)), 6)) s.has_orientation = 1;
            }
            if (const gdcm::DataSet *m = firstItem(group, 0x0028, 0x9110, keep)) {
                if (fill(s.pixel_spacing, numbers(text(*m, 0x0028, 0x0030)), 2)) s.has_pixel_spacing = 1;
                std::vector<double> t = numbers(text(*m, 0x0018, 0x0050));
                if (!t.empty()) s.slice_thickness = t[0];
                std::vector<double> b = numbers(text(*m, 0x0018, 0x0088));
                if (!b.empty()) s.spacing_between_slices = b[0];
            }
        };
        if (const gdcm::DataSet *shared = firstItem(ds, 0x5200, 0x9229, keep)) readPlane(*shared);
        if (!s.has_orientation && fill(s.orientation, numbers(text(ds, 0x0020, 0x0037)), 6)) s.has_orientation = 1;
        if (!s.has_pixel_spacing && fill(s.pixel_spacing, numbers(text(ds, 0x0028, 0x0030)), 2)) s.has_pixel_spacing = 1;

        auto perFrame = sequence(ds, 0x5200, 0x9230);
        size_t n = static_cast<size_t>(s.frames > 0 ? s.frames : 0);
        seg->frameSegment.assign(n, 0);
        seg->framePosition.assign(3 * n, NAN);
        for (size_t f = 0; f < itemCount(perFrame) && f < n; ++f) {
            const gdcm::DataSet &fg = item(perFrame, f);
            if (const gdcm::DataSet *id = firstItem(fg, 0x0062, 0x000a, keep)) {
                seg->frameSegment[f] = usValue(*id, 0x0062, 0x000b);
            }
            if (const gdcm::DataSet *pos = firstItem(fg, 0x0020, 0x9113, keep)) {
                fill(&seg->framePosition[3 * f], numbers(text(*pos, 0x0020, 0x0032)), 3);
            }
            // Per-frame orientation/spacing override the shared ones when present.
            readPlane(fg);
        }
        *info = s;
        return seg.release();
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
    } catch (...) {
        setError(err, errlen, "GDCM failed to read the segmentation");
    }
    return nullptr;
}

extern "C" size_t cgdcm_seg_segment_count(const cgdcm_seg *seg) { return seg->segments.size(); }
extern "C" int cgdcm_seg_segment_number(const cgdcm_seg *seg, size_t i) { return seg->segments[i].number; }
extern "C" const char *cgdcm_seg_segment_label(const cgdcm_seg *seg, size_t i) { return seg->segments[i].label.c_str(); }
extern "C" int cgdcm_seg_frame_segment(const cgdcm_seg *seg, size_t f) { return f < seg->frameSegment.size() ? seg->frameSegment[f] : 0; }

extern "C" int cgdcm_seg_frame_position(const cgdcm_seg *seg, size_t f, double position[3]) {
    if (f >= seg->frameSegment.size()) return -1;
    for (int a = 0; a < 3; ++a) position[a] = seg->framePosition[3 * f + a];
    return position[0] == position[0] ? 0 : -1;
}

static int cgdcm_seg_decode_unguarded(cgdcm_seg *seg, unsigned char *out, size_t length, char *err, size_t errlen) {
    try {
        const gdcm::Image &image = seg->reader.GetImage();
        const cgdcm_seg_info &s = seg->info;
        const size_t total = static_cast<size_t>(s.rows) * static_cast<size_t>(s.columns) * static_cast<size_t>(s.frames);
        if (length != total) {
            setError(err, errlen, "segmentation buffer size differs from rows × columns × frames");
            return -1;
        }
        const int bits = image.GetPixelFormat().GetBitsAllocated();
        const size_t needed = bits == 1 ? (total + 7) / 8 : total * static_cast<size_t>(bits / 8);
        const size_t have = image.GetBufferLength();
        if (bits != 1 && bits != 8) {
            setError(err, errlen, "segmentation with " + std::to_string(bits) + " bits per pixel is not supported");
            return -1;
        }
        if (have < needed) {
            setError(err, errlen, "segmentation pixel data holds " + std::to_string(have) + " bytes, " + std::to_string(needed) + " needed");
            return -1;
        }
        std::vector<char> raw(have);
        if (!image.GetBuffer(raw.data())) {
            setError(err, errlen, "GDCM cannot decode the segmentation pixel data");
            return -1;
        }
        const unsigned char *b = reinterpret_cast<const unsigned char *>(raw.data());
        if (bits == 1) {
            // Frames are bit-packed back to back, least significant bit first.
            for (size_t n = 0; n < total; ++n) out[n] = (b[n >> 3] >> (n & 7)) & 1;
        } else {
            std::memcpy(out, b, total);
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, std::string("GDCM: ") + e.what());
    } catch (...) {
        setError(err, errlen, "GDCM failed to decode the segmentation");
    }
    return -1;
}

extern "C" void cgdcm_seg_free(cgdcm_seg *seg) { if (seg && !seg->aborted) delete seg; }

// MARK: Guarded entry points (see `guarded`)

extern "C" int cgdcm_read_header(const char *path, cgdcm_header *h, char *err, size_t errlen) {
    int result = -1;
    if (!guarded([&] { result = cgdcm_read_header_unguarded(path, h, err, errlen); })) { setError(err, errlen, abortMessage); return -1; }
    return result;
}

extern "C" cgdcm_image *cgdcm_image_open(const char *path, cgdcm_pixel_info *info, char *err, size_t errlen) {
    cgdcm_image *result = nullptr;
    if (!guarded([&] { result = cgdcm_image_open_unguarded(path, info, err, errlen); })) { setError(err, errlen, abortMessage); return nullptr; }
    return result;
}

extern "C" int cgdcm_image_decode(cgdcm_image *im, void *buffer, size_t length, char *err, size_t errlen) {
    int result = -1;
    if (!guarded([&] { result = cgdcm_image_decode_unguarded(im, buffer, length, err, errlen); })) {
        im->aborted = true;
        setError(err, errlen, abortMessage);
        return -1;
    }
    return result;
}

extern "C" cgdcm_rtstruct *cgdcm_rtstruct_open(const char *path, char *err, size_t errlen) {
    cgdcm_rtstruct *result = nullptr;
    if (!guarded([&] { result = cgdcm_rtstruct_open_unguarded(path, err, errlen); })) { setError(err, errlen, abortMessage); return nullptr; }
    return result;
}

extern "C" cgdcm_seg *cgdcm_seg_open(const char *path, cgdcm_seg_info *info, char *err, size_t errlen) {
    cgdcm_seg *result = nullptr;
    if (!guarded([&] { result = cgdcm_seg_open_unguarded(path, info, err, errlen); })) { setError(err, errlen, abortMessage); return nullptr; }
    return result;
}

extern "C" int cgdcm_seg_decode(cgdcm_seg *seg, unsigned char *out, size_t length, char *err, size_t errlen) {
    int result = -1;
    if (!guarded([&] { result = cgdcm_seg_decode_unguarded(seg, out, length, err, errlen); })) {
        seg->aborted = true;
        setError(err, errlen, abortMessage);
        return -1;
    }
    return result;
}
