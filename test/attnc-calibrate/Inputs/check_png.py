"""Checks that a file is a valid 8-bit RGB PNG and prints its summary.

check_png.py plot.png

The signature, every chunk's CRC-32 (zlib.crc32 of type and data), IHDR
(size, 8-bit RGB, no interlace), IDAT inflated (zlib) to one filter byte
plus 3 bytes a pixel per row, IEND last. Also that the image is not blank.
"""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
at, chunks, idat = 8, [], b""
while at < len(data):
    (length,) = struct.unpack(">I", data[at:at + 4])
    kind = data[at + 4:at + 8]
    body = data[at + 8:at + 8 + length]
    (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
    assert crc == zlib.crc32(kind + body) & 0xffffffff, "bad CRC in " + str(kind)
    chunks.append(kind.decode())
    if kind == b"IHDR":
        width, height, depth, color, comp, filt, interlace = \
            struct.unpack(">IIBBBBB", body)
        assert (depth, color, comp, filt, interlace) == (8, 2, 0, 0, 0)
    if kind == b"IDAT":
        idat += body
    at += 12 + length
assert at == len(data) and chunks[0] == "IHDR" and chunks[-1] == "IEND"
raw = zlib.decompress(idat)
row = 1 + 3 * width
assert len(raw) == height * row, (len(raw), height * row)
colors = set()
for y in range(height):
    assert raw[y * row] == 0, "filter byte"
    line = raw[y * row + 1:(y + 1) * row]
    colors.update(line[x:x + 3] for x in range(0, len(line), 3))
assert len(colors) > 4, "blank image"
print("png %dx%d chunks %s crc ok pixels %d" %
      (width, height, ",".join(dict.fromkeys(chunks)), len(raw)))
