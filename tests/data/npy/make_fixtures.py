#!/usr/bin/python3
"""Writes the .npy fixtures of npy_test.cc and apply_test.cc with numpy (run once; the files are
committed, so the tests never need Python). Usage: /usr/bin/python3 make_fixtures.py [folder]"""
import io
import os
import sys

import numpy as np

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(folder, name)


def ramp(count, dtype):
    # Exactly representable values: -3, -2.75, ..., so that tests can recompute them.
    return (np.arange(count, dtype=np.float64) * 0.25 - 3.0).astype(dtype)


# Valid arrays, as np.save writes them (format 1.0).
np.save(path("f32_2x3.npy"), ramp(6, "<f4").reshape(2, 3))
np.save(path("f64_7.npy"), ramp(7, "<f8"))
np.save(path("f32_2x3x4.npy"), ramp(24, "<f4").reshape(2, 3, 4))
np.save(path("f64_scalar.npy"), np.array(2.5, dtype="<f8"))
np.save(path("f32_empty.npy"), np.zeros((0,), dtype="<f4"))
np.save(path("f64_3x0.npy"), np.zeros((3, 0), dtype="<f8"))
np.save(path("f64_special.npy"),
        np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 5e-324, -1e300], dtype="<f8"))
# Versions 2.0 and 3.0 of the format.
for version in (2, 3):
    with open(path(f"f64_7_v{version}.npy"), "wb") as f:
        np.lib.format.write_array(f, ramp(7, "<f8"), version=(version, 0))
# Arrays actlab refuses.
np.save(path("fortran.npy"), np.asfortranarray(ramp(6, "<f8").reshape(2, 3)))
np.save(path("big_endian.npy"), ramp(4, ">f4"))
np.save(path("int32.npy"), np.arange(4, dtype="<i4"))
np.save(path("bool.npy"), np.array([True, False]))
np.save(path("complex64.npy"), np.zeros(3, dtype="<c8"))
np.save(path("float16.npy"), np.zeros(3, dtype="<f2"))
buffer = io.BytesIO()
np.save(buffer, ramp(6, "<f4"))
whole = buffer.getvalue()
with open(path("truncated_data.npy"), "wb") as f:
    f.write(whole[:-3])
with open(path("truncated_header.npy"), "wb") as f:
    f.write(whole[:40])
with open(path("extra_data.npy"), "wb") as f:
    f.write(whole + b"\0\0\0\0")
