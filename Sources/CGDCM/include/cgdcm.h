/* cgdcm: a plain-C view of the few GDCM services radiomics needs.
 *
 * Every function catches C++ exceptions; failures return an error code (or NULL) and write a
 * one-line reason into the caller's `err` buffer. Handles own their memory and are released
 * with the matching *_free function. */
#ifndef CGDCM_H
#define CGDCM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Header attributes of one DICOM file (pixel data is not read). */
typedef struct {
    char sop_class_uid[72];
    char sop_instance_uid[72];
    char series_uid[72];
    char frame_of_reference_uid[72];
    char series_description[136];
    char modality[24];
    char transfer_syntax[72];
    char photometric[24];
    int has_position, has_orientation, has_pixel_spacing, has_pixel_data;
    double position[3];        /* ImagePositionPatient (LPS mm) */
    double orientation[6];     /* ImageOrientationPatient: row cosine, then column cosine */
    double pixel_spacing[2];   /* PixelSpacing: between rows (y), then between columns (x) */
    double slice_thickness;
    double rescale_slope, rescale_intercept;
    int rows, columns, frames;
    int bits_allocated, bits_stored, high_bit, pixel_representation, samples_per_pixel;
    int instance_number;
} cgdcm_header;

/* Reads the header of `path`. Returns 0 on success, 1 when the file is not DICOM, -1 on error. */
int cgdcm_read_header(const char *path, cgdcm_header *out, char *err, size_t errlen);

/* Pixel data of one DICOM image, any transfer syntax GDCM decodes. */
typedef struct cgdcm_image cgdcm_image;

typedef struct {
    int rows, columns, frames;
    int bits_allocated, bits_stored, pixel_representation, samples_per_pixel;
    size_t buffer_length;       /* bytes GDCM will produce on decoding */
} cgdcm_pixel_info;

cgdcm_image *cgdcm_image_open(const char *path, cgdcm_pixel_info *info, char *err, size_t errlen);
/* Decodes into `buffer`, which must hold exactly info.buffer_length bytes. 0 on success. */
int cgdcm_image_decode(cgdcm_image *image, void *buffer, size_t length, char *err, size_t errlen);
void cgdcm_image_free(cgdcm_image *image);

/* RTSTRUCT: ROI names and contours. */
typedef struct cgdcm_rtstruct cgdcm_rtstruct;

cgdcm_rtstruct *cgdcm_rtstruct_open(const char *path, char *err, size_t errlen);
size_t cgdcm_rtstruct_roi_count(const cgdcm_rtstruct *rt);
int cgdcm_rtstruct_roi_number(const cgdcm_rtstruct *rt, size_t roi);
const char *cgdcm_rtstruct_roi_name(const cgdcm_rtstruct *rt, size_t roi);
size_t cgdcm_rtstruct_contour_count(const cgdcm_rtstruct *rt);
int cgdcm_rtstruct_contour_roi_number(const cgdcm_rtstruct *rt, size_t contour);
const char *cgdcm_rtstruct_contour_type(const cgdcm_rtstruct *rt, size_t contour);
size_t cgdcm_rtstruct_contour_point_count(const cgdcm_rtstruct *rt, size_t contour);
/* x, y, z of each point, LPS mm. */
const double *cgdcm_rtstruct_contour_points(const cgdcm_rtstruct *rt, size_t contour);
/* The image(s) the contours were drawn on: every FrameOfReferenceUID of the
   ReferencedFrameOfReferenceSequence (and of the ROIs), and every SeriesInstanceUID of its
   RTReferencedSeriesSequence, each list backslash-separated ("" when absent). */
const char *cgdcm_rtstruct_referenced_frames(const cgdcm_rtstruct *rt);
const char *cgdcm_rtstruct_referenced_series(const cgdcm_rtstruct *rt);
void cgdcm_rtstruct_free(cgdcm_rtstruct *rt);

/* DICOM SEG: segments, per-frame placement, frames unpacked to one byte per pixel. */
typedef struct cgdcm_seg cgdcm_seg;

typedef struct {
    int rows, columns, frames;
    int fractional;                  /* 0: BINARY, 1: FRACTIONAL */
    double max_fractional_value;
    int has_orientation, has_pixel_spacing;
    double orientation[6];
    double pixel_spacing[2];
    double slice_thickness;
    double spacing_between_slices;
} cgdcm_seg_info;

cgdcm_seg *cgdcm_seg_open(const char *path, cgdcm_seg_info *info, char *err, size_t errlen);
size_t cgdcm_seg_segment_count(const cgdcm_seg *seg);
int cgdcm_seg_segment_number(const cgdcm_seg *seg, size_t segment);
const char *cgdcm_seg_segment_label(const cgdcm_seg *seg, size_t segment);
/* Per frame: the segment it belongs to (0 when absent) and its ImagePositionPatient. */
int cgdcm_seg_frame_segment(const cgdcm_seg *seg, size_t frame);
int cgdcm_seg_frame_position(const cgdcm_seg *seg, size_t frame, double position[3]);
/* Decodes every frame: `out` holds rows*columns*frames bytes (0/1 for BINARY, raw values for FRACTIONAL). */
int cgdcm_seg_decode(cgdcm_seg *seg, unsigned char *out, size_t length, char *err, size_t errlen);
void cgdcm_seg_free(cgdcm_seg *seg);

/* PET attributes for SUV (strings as stored, trimmed; "" when absent). The radiopharmaceutical
 * attributes come from the first item of RadiopharmaceuticalInformationSequence (0054,0016);
 * `radiopharmaceutical_items` is that sequence's item count. */
typedef struct {
    char modality[24], units[24], decay_correction[24], corrected_image[128], manufacturer[72];
    char series_date[24], series_time[40], acquisition_date[24], acquisition_time[40], acquisition_datetime[64];
    char patient_weight[40], patient_size[40], patient_sex[24];
    char radiopharmaceutical_start_time[40], radiopharmaceutical_start_datetime[64];
    char radionuclide_total_dose[40], radionuclide_half_life[40];
    char philips_suv_scale[40];        /* (7053,1000) */
    char philips_activity_scale[40];   /* (7053,1009) */
    char series_uid[72];
    int radiopharmaceutical_items;
} cgdcm_pet;

/* Reads the PET attributes of `path`. 0 on success, -1 on error. */
int cgdcm_read_pet(const char *path, cgdcm_pet *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
