// PET attributes for SUV through GDCM (see include/cgdcm.h). No exception crosses the boundary.
#include "shim.hpp"

using namespace cgdcm_shim;

static int cgdcm_read_pet_unguarded(const char *path, cgdcm_pet *out, char *err, size_t errlen) {
    try {
        std::memset(out, 0, sizeof *out);
        gdcm::Reader reader;
        if (!readHeaderOnly(reader, path)) {
            setError(err, errlen, "not a readable DICOM file");
            return -1;
        }
        const gdcm::DataSet &ds = reader.GetFile().GetDataSet();
#define COPY(field, g, e) copyString(out->field, sizeof out->field, text(ds, g, e))
        COPY(modality, 0x0008, 0x0060);
        COPY(units, 0x0054, 0x1001);
        COPY(decay_correction, 0x0054, 0x1102);
        COPY(corrected_image, 0x0028, 0x0051);
        COPY(manufacturer, 0x0008, 0x0070);
        COPY(series_date, 0x0008, 0x0021);
        COPY(series_time, 0x0008, 0x0031);
        COPY(acquisition_date, 0x0008, 0x0022);
        COPY(acquisition_time, 0x0008, 0x0032);
        COPY(acquisition_datetime, 0x0008, 0x002a);
        COPY(patient_weight, 0x0010, 0x1030);
        COPY(patient_size, 0x0010, 0x1020);
        COPY(patient_sex, 0x0010, 0x0040);
        COPY(philips_suv_scale, 0x7053, 0x1000);
        COPY(philips_activity_scale, 0x7053, 0x1009);
        COPY(series_uid, 0x0020, 0x000e);
#undef COPY
        auto sq = sequence(ds, 0x0054, 0x0016);
        out->radiopharmaceutical_items = static_cast<int>(itemCount(sq));
        if (out->radiopharmaceutical_items > 0) {
            const gdcm::DataSet &rp = item(sq, 0);
            copyString(out->radiopharmaceutical_start_time, sizeof out->radiopharmaceutical_start_time, text(rp, 0x0018, 0x1072));
            copyString(out->radiopharmaceutical_start_datetime, sizeof out->radiopharmaceutical_start_datetime, text(rp, 0x0018, 0x1078));
            copyString(out->radionuclide_total_dose, sizeof out->radionuclide_total_dose, text(rp, 0x0018, 0x1074));
            copyString(out->radionuclide_half_life, sizeof out->radionuclide_half_life, text(rp, 0x0018, 0x1075));
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, e.what());
        return -1;
    }
}

int cgdcm_read_pet(const char *path, cgdcm_pet *out, char *err, size_t errlen) {
    int result = -1;
    if (!guarded([&] { result = cgdcm_read_pet_unguarded(path, out, err, errlen); })) { setError(err, errlen, abortMessage); return -1; }
    return result;
}
