// Reading images through ITK's ImageIO factories (the formats radiomics does not read itself).
#include "itk_prelude.hpp"
#include "citk.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include <itkGiplImageIOFactory.h>
#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <itkMINCImageIOFactory.h>
#include <itkMRCImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkObject.h>
#include <itkVTKImageIOFactory.h>

using citk_shim::oneLine;
using citk_shim::setError;

namespace {

// Without CMake's generated registration no ImageIO is known: register the ones we use, once.
// NIfTI, NRRD and DICOM are read by radiomics' own readers, never through here; NIfTI's
// ImageIO is registered for Analyze 7.5 (.hdr/.img without NIfTI's magic) only. ITK's warnings
// (e.g. "Analyze file and it's deprecated") would interleave with our output: failures reach the
// caller through the error strings instead.
void registerFactories() {
    static std::once_flag once;
    std::call_once(once, [] {
        itk::Object::GlobalWarningDisplayOff();
        itk::NiftiImageIOFactory::RegisterOneFactory();
        itk::MetaImageIOFactory::RegisterOneFactory();
        itk::VTKImageIOFactory::RegisterOneFactory();
        itk::GiplImageIOFactory::RegisterOneFactory();
        itk::MINCImageIOFactory::RegisterOneFactory();
        itk::MRCImageIOFactory::RegisterOneFactory();
    });
}

itk::ImageIOBase::Pointer openIO(const char *path) {
    registerFactories();
    itk::ImageIOBase::Pointer io =
        itk::ImageIOFactory::CreateImageIO(path, itk::ImageIOFactory::IOFileModeEnum::ReadMode);
    if (io) io->SetFileName(path);
    return io;
}

template <typename T>
void convert(const std::vector<char> &raw, float *out, size_t count) {
    const T *p = reinterpret_cast<const T *>(raw.data());
    for (size_t i = 0; i < count; ++i) out[i] = static_cast<float>(p[i]);
}

}  // namespace

extern "C" int citk_abi_version(void) { return CITK_ABI_VERSION; }

extern "C" int citk_read_info(const char *path, citk_info *out, char *err, size_t errlen) {
    try {
        itk::ImageIOBase::Pointer io = openIO(path);
        if (!io) return 1;
        io->ReadImageInformation();
        std::memset(out, 0, sizeof *out);
        const unsigned dim = io->GetNumberOfDimensions();
        out->dimension = static_cast<int>(dim);
        out->components = static_cast<int>(io->GetNumberOfComponents());
        for (int a = 0; a < 3; ++a) {
            out->size[a] = 1;
            out->spacing[a] = 1;
            out->origin[a] = 0;
            out->direction[3 * a + a] = 1;
        }
        for (unsigned a = 0; a < std::min(dim, 3u); ++a) {
            out->size[a] = static_cast<long long>(io->GetDimensions(a));
            out->spacing[a] = io->GetSpacing(a);
            out->origin[a] = io->GetOrigin(a);
            const std::vector<double> column = io->GetDirection(a);
            for (unsigned r = 0; r < std::min<size_t>(column.size(), 3); ++r) out->direction[3 * r + a] = column[r];
        }
        out->pixel_bytes = static_cast<long long>(io->GetImageSizeInBytes());
        std::snprintf(out->format, sizeof out->format, "%s", io->GetNameOfClass());
        std::snprintf(out->component_type, sizeof out->component_type, "%s",
                      itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType()).c_str());
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, oneLine(e.what()));
        return -1;
    }
}

extern "C" int citk_read_float(const char *path, float *buffer, size_t count, char *err, size_t errlen) {
    try {
        itk::ImageIOBase::Pointer io = openIO(path);
        if (!io) { setError(err, errlen, "no ITK ImageIO reads this file"); return -1; }
        io->ReadImageInformation();
        if (io->GetNumberOfComponents() != 1) { setError(err, errlen, "not a scalar image"); return -1; }
        const size_t n = io->GetImageSizeInPixels();
        if (n != count) { setError(err, errlen, "voxel count changed between reads"); return -1; }
        using C = itk::IOComponentEnum;
        // ImageIOBase::Read fills the IO region only: ask for the whole image.
        itk::ImageIORegion region(io->GetNumberOfDimensions());
        for (unsigned a = 0; a < io->GetNumberOfDimensions(); ++a) {
            region.SetIndex(a, 0);
            region.SetSize(a, io->GetDimensions(a));
        }
        io->SetIORegion(region);
        std::vector<char> raw(io->GetImageSizeInBytes());
        io->Read(raw.data());
        switch (io->GetComponentType()) {
        case C::UCHAR: convert<unsigned char>(raw, buffer, n); break;
        case C::CHAR: convert<signed char>(raw, buffer, n); break;
        case C::USHORT: convert<unsigned short>(raw, buffer, n); break;
        case C::SHORT: convert<short>(raw, buffer, n); break;
        case C::UINT: convert<unsigned int>(raw, buffer, n); break;
        case C::INT: convert<int>(raw, buffer, n); break;
        case C::ULONG: convert<unsigned long>(raw, buffer, n); break;
        case C::LONG: convert<long>(raw, buffer, n); break;
        case C::ULONGLONG: convert<unsigned long long>(raw, buffer, n); break;
        case C::LONGLONG: convert<long long>(raw, buffer, n); break;
        case C::FLOAT: convert<float>(raw, buffer, n); break;
        case C::DOUBLE: convert<double>(raw, buffer, n); break;
        default: setError(err, errlen, "unsupported voxel type"); return -1;
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, oneLine(e.what()));
        return -1;
    }
}
