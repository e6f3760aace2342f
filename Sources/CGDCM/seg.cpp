// DICOM SEG segmentations through GDCM (see include/cgdcm.h). No exception crosses the boundary.
#include "shim.hpp"

using namespace cgdcm_shim;

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
