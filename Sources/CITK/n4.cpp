// N4 bias-field correction as SimpleITK users run it (the recipe in
// /work/shared/notes/itk-with-clang.md): fit on the shrunk image, then evaluate the log bias
// field's B-spline lattice on the full-resolution grid and divide the image by exp(log bias).
#include "itk_prelude.hpp"
#include "citk.h"

#include <cmath>
#include <cstring>

#include <itkBSplineControlPointImageFilter.h>
#include <itkImage.h>
#include <itkImageRegionConstIterator.h>
#include <itkN4BiasFieldCorrectionImageFilter.h>
#include <itkShrinkImageFilter.h>

using citk_shim::oneLine;
using citk_shim::setError;

namespace {

using FloatImage = itk::Image<float, 3>;
using MaskImage = itk::Image<unsigned char, 3>;

template <typename Image>
typename Image::Pointer makeImage(const long long size[3], const double spacing[3], const double origin[3],
                                  const double direction[9]) {
    auto image = Image::New();
    typename Image::SizeType sz;
    typename Image::SpacingType sp;
    typename Image::PointType org;
    typename Image::DirectionType dir;
    for (unsigned a = 0; a < 3; ++a) {
        sz[a] = static_cast<itk::SizeValueType>(size[a]);
        sp[a] = spacing[a];
        org[a] = origin[a];
        for (unsigned b = 0; b < 3; ++b) dir(a, b) = direction[3 * a + b];
    }
    image->SetRegions(typename Image::RegionType(sz));
    image->SetSpacing(sp);
    image->SetOrigin(org);
    image->SetDirection(dir);
    image->Allocate();
    return image;
}

}  // namespace

extern "C" int citk_n4(const float *image, const unsigned char *mask, const long long size[3],
                       const double spacing[3], const double origin[3], const double direction[9],
                       int shrink, const int *iterations, int levels, float *out, float *log_bias,
                       char *err, size_t errlen) {
    try {
        if (shrink < 1) { setError(err, errlen, "the shrink factor must be at least 1"); return -1; }
        if (levels < 1) { setError(err, errlen, "N4 needs at least one fitting level"); return -1; }
        const size_t n = static_cast<size_t>(size[0] * size[1] * size[2]);
        auto input = makeImage<FloatImage>(size, spacing, origin, direction);
        std::memcpy(input->GetBufferPointer(), image, n * sizeof(float));
        auto maskImage = makeImage<MaskImage>(size, spacing, origin, direction);
        unsigned char *m = maskImage->GetBufferPointer();
        for (size_t i = 0; i < n; ++i) m[i] = mask ? (mask[i] != 0 ? 1 : 0) : 1;

        using Shrink = itk::ShrinkImageFilter<FloatImage, FloatImage>;
        using ShrinkMask = itk::ShrinkImageFilter<MaskImage, MaskImage>;
        auto shrinkImage = Shrink::New();
        shrinkImage->SetInput(input);
        shrinkImage->SetShrinkFactors(static_cast<unsigned>(shrink));
        auto shrinkMask = ShrinkMask::New();
        shrinkMask->SetInput(maskImage);
        shrinkMask->SetShrinkFactors(static_cast<unsigned>(shrink));

        using N4 = itk::N4BiasFieldCorrectionImageFilter<FloatImage, MaskImage, FloatImage>;
        auto n4 = N4::New();
        n4->SetInput(shrinkImage->GetOutput());
        n4->SetMaskImage(shrinkMask->GetOutput());
        n4->SetMaskLabel(1);
        n4->SetUseMaskLabel(true);
        N4::VariableSizeArrayType maxIterations(static_cast<unsigned>(levels));
        for (int l = 0; l < levels; ++l) maxIterations[l] = static_cast<unsigned>(iterations[l]);
        n4->SetMaximumNumberOfIterations(maxIterations);
        n4->SetNumberOfFittingLevels(static_cast<unsigned>(levels));
        n4->Update();

        // The log bias field on the full grid, from the fitted control-point lattice.
        using Lattice = N4::BiasFieldControlPointLatticeType;
        using Evaluator = itk::BSplineControlPointImageFilter<Lattice, Lattice>;
        auto evaluator = Evaluator::New();
        evaluator->SetInput(n4->GetLogBiasFieldControlPointLattice());
        evaluator->SetSplineOrder(n4->GetSplineOrder());
        evaluator->SetSize(input->GetLargestPossibleRegion().GetSize());
        evaluator->SetOrigin(input->GetOrigin());
        evaluator->SetSpacing(input->GetSpacing());
        evaluator->SetDirection(input->GetDirection());
        evaluator->Update();

        itk::ImageRegionConstIterator<Lattice> it(evaluator->GetOutput(), evaluator->GetOutput()->GetLargestPossibleRegion());
        size_t i = 0;
        for (it.GoToBegin(); !it.IsAtEnd(); ++it, ++i) {
            const float logBias = static_cast<float>(it.Get()[0]);
            if (log_bias) log_bias[i] = logBias;
            out[i] = image[i] / std::exp(logBias);
        }
        return 0;
    } catch (const std::exception &e) {
        setError(err, errlen, oneLine(e.what()));
        return -1;
    }
}
