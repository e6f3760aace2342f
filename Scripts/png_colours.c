/* png_colours FILE.png: prints "WIDTH HEIGHT DISTINCT_COLOURS" of an 8-bit RGB/RGBA, non-interlaced
 * PNG (what chromium's --screenshot writes). `make test-browser` uses it to tell a rendered page
 * from a blank one without Python or ImageMagick; zlib is already a build dependency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned long be32(const unsigned char *p) { return (unsigned long)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: png_colours FILE.png\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(size);
    if (!buf || fread(buf, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: cannot read\n", argv[1]); return 2; }
    fclose(f);
    if (size < 33 || memcmp(buf, "\x89PNG\r\n\x1a\n", 8) != 0) { fprintf(stderr, "%s: not a PNG\n", argv[1]); return 2; }
    unsigned long w = be32(buf + 16), h = be32(buf + 20);
    int depth = buf[24], type = buf[25], interlace = buf[28];
    int channels = type == 2 ? 3 : type == 6 ? 4 : 0;
    if (depth != 8 || !channels || interlace) { fprintf(stderr, "%s: only 8-bit RGB/RGBA, non-interlaced\n", argv[1]); return 2; }
    unsigned char *idat = malloc(size); unsigned long n = 0;
    for (long at = 8; at + 12 <= size;) {
        unsigned long len = be32(buf + at);
        if (at + 12 + (long)len > size) break;
        if (memcmp(buf + at + 4, "IDAT", 4) == 0) { memcpy(idat + n, buf + at + 8, len); n += len; }
        at += 12 + len;
    }
    unsigned long stride = w * channels, rawSize = (stride + 1) * h;
    unsigned char *raw = malloc(rawSize), *img = malloc(stride * h);
    uLongf out = rawSize;
    if (uncompress(raw, &out, idat, n) != Z_OK || out != rawSize) { fprintf(stderr, "%s: bad image data\n", argv[1]); return 2; }
    for (unsigned long y = 0; y < h; y++) {
        int filter = raw[y * (stride + 1)];
        for (unsigned long x = 0; x < stride; x++) {
            int a = x >= (unsigned long)channels ? img[y * stride + x - channels] : 0, b = y ? img[(y - 1) * stride + x] : 0;
            int c = x >= (unsigned long)channels && y ? img[(y - 1) * stride + x - channels] : 0, p = 0;
            switch (filter) {
            case 1: p = a; break;
            case 2: p = b; break;
            case 3: p = (a + b) / 2; break;
            case 4: { int e = a + b - c, pa = abs(e - a), pb = abs(e - b), pc = abs(e - c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break; }
            }
            img[y * stride + x] = (unsigned char)(raw[y * (stride + 1) + 1 + x] + p);
        }
    }
    /* Distinct RGB colours, counted in a 2^24-bit set. */
    unsigned char *seen = calloc(1 << 21, 1); unsigned long distinct = 0;
    for (unsigned long i = 0; i < w * h; i++) {
        unsigned long rgb = (unsigned long)img[i * channels] << 16 | img[i * channels + 1] << 8 | img[i * channels + 2];
        if (!(seen[rgb >> 3] & (1 << (rgb & 7)))) { seen[rgb >> 3] |= 1 << (rgb & 7); distinct++; }
    }
    printf("%lu %lu %lu\n", w, h, distinct);
    return 0;
}
