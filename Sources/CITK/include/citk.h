/* citk: a plain-C view of the few ITK 5.2 services radiomics needs (image formats we do not
 * read natively, N4 bias-field correction).
 *
 * This library is built as its own shared object (libCITK.so) and loaded with dlopen only when
 * an ITK-backed step is asked for, so runs that never need ITK do not pay for loading its ~15
 * libraries. The Swift side (Sources/Radiomics/ITK/ITKShim.swift) looks these symbols up by
 * name: a change to a signature here must be made there too.
 *
 * Every function catches C++ exceptions; failures return non-zero and write a one-line reason
 * into the caller's `err` buffer. Geometry is ITK's: LPS, direction row-major with the axis unit
 * vectors as columns (the same convention as radiomics' Geometry). */
#ifndef CITK_H
#define CITK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this interface; the Swift loader refuses a library with another one. */
#define CITK_ABI_VERSION 1
int citk_abi_version(void);

/* Header of an image file, read without its pixel data. 2D images are given as one slice
 * (size z = 1, spacing z = 1, direction embedded in the 3×3 identity). */
typedef struct {
    int dimension;             /* as stored: 2, 3 or more */
    int components;            /* values per voxel (1 for a scalar image) */
    long long size[3];
    double spacing[3];
    double origin[3];
    double direction[9];
    long long pixel_bytes;     /* bytes of the decoded pixel data */
    char format[48];           /* the ITK ImageIO that reads it, e.g. "MetaImageIO" */
    char component_type[24];   /* e.g. "short", "float" */
} citk_info;

/* Reads the header of `path` with the first registered ITK ImageIO that can read it.
 * Returns 0 on success, 1 when no ITK ImageIO recognises the file, -1 on error. */
int citk_read_info(const char *path, citk_info *out, char *err, size_t errlen);

/* Reads the pixel data of a scalar image as float into `buffer`, which must hold exactly
 * `count` values (the voxel count of citk_read_info). 0 on success. */
int citk_read_float(const char *path, float *buffer, size_t count, char *err, size_t errlen);

/* N4 bias-field correction of a 3D float image (x fastest), in place into `out`.
 *   mask:        NULL (every voxel) or one byte per voxel, non-zero inside.
 *   shrink:      shrink factor (≥ 1) of the grid the bias field is fitted on.
 *   iterations:  maximum iterations per fitting level; `levels` entries (the fitting levels).
 * The fit is done on the shrunk image; the log bias field is then evaluated from its B-spline
 * control-point lattice on the full-resolution grid and `out = image / exp(log bias)`.
 * `log_bias` may be NULL; otherwise it receives the full-resolution log bias field. */
int citk_n4(const float *image, const unsigned char *mask, const long long size[3],
            const double spacing[3], const double origin[3], const double direction[9],
            int shrink, const int *iterations, int levels, float *out, float *log_bias,
            char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
