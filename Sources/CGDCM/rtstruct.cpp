// RTSTRUCT contours through GDCM (see include/cgdcm.h). No exception crosses the boundary.
#include "shim.hpp"

using namespace cgdcm_shim;

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

// Guarded entry point (see `guarded`).
extern "C" cgdcm_rtstruct *cgdcm_rtstruct_open(const char *path, char *err, size_t errlen) {
    cgdcm_rtstruct *result = nullptr;
    if (!guarded([&] { result = cgdcm_rtstruct_open_unguarded(path, err, errlen); })) { setError(err, errlen, abortMessage); return nullptr; }
    return result;
}
