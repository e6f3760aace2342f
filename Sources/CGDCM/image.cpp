// DICOM headers and pixel data through GDCM (see include/cgdcm.h). No exception crosses the boundary.
#include "shim.hpp"

using namespace cgdcm_shim;

static int cgdcm_read_header_unguarded(const char *path, cgdcm_header *h, char *err, size_t errlen) {
    try {
        std::memset(h, 0, sizeof *h);
        gdcm::Reader reader;
        if (!readHeaderOnly(reader, path)) {
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
namespace cgdcm_shim {

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
    if (!readHeaderOnly(probe, path)) return false;
    ts = probe.GetFile().GetHeader().GetDataSetTransferSyntax();
    return true;
}

}  // namespace cgdcm_shim

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
