"""Epochs read from the user's input on demand: an array, a memory-mapped file or Epochs.

Nothing here copies the whole input: rows (epochs) are read as float32 when
asked for, and a streaming pass reads them a chunk at a time. Rows of a
memory-mapped file are read with file reads rather than through the
mapping, because every page touched through a mapping stays in the
process's resident memory.
"""

import mmap

import numpy as np

from ._checks import check_float32_values

# Largest chunk of a streaming pass over data that are not in memory, in
# bytes of float32 samples.
STREAM_CHUNK_BYTES = 2**25


class Rows:
    """Epochs of one input, read as float32 a few at a time; the input is never modified.

    Attributes
    ----------
    shape : tuple of int
        ``(n_epochs, n_channels, n_times)``.
    in_memory : bool
        Whether the input is held in memory (a streaming pass then reads it
        in one chunk, as an in-memory computation would).
    """

    in_memory = True

    def __init__(self, shape):
        self.shape = tuple(int(n) for n in shape)

    def __len__(self):
        """Return the number of epochs."""
        return self.shape[0]

    def read(self, rows, name=None):
        """Return the given epochs as a new float32 array.

        Parameters
        ----------
        rows : array of int, shape (n_rows,)
            Epoch indices, in any order, repeats allowed.
        name : str | None
            Check that the values are finite and fit in float32, naming this
            argument in the error; None reads them unchecked.

        Returns
        -------
        data : array, shape (n_rows, n_channels, n_times), float32
            The epochs, in the order of ``rows``.
        """
        values = self._read(np.asarray(rows, dtype=np.intp))
        if name is not None:
            check_float32_values(values, name)
        # C order, like a copy of the whole array: reductions add in the same order
        return values.astype(np.float32, order="C", copy=False)

    def in_one_chunk(self, n_rows):
        """Return whether a streaming pass reads ``n_rows`` epochs in one chunk.

        Data in memory, and data of at most ``STREAM_CHUNK_BYTES`` (float32),
        are read in one chunk, in the order asked for, so that statistics of
        them come out as NumPy's of the whole array, bit for bit.

        Parameters
        ----------
        n_rows : int
            The number of epochs.

        Returns
        -------
        whole : bool
            Whether they make one chunk.
        """
        return self.in_memory or n_rows <= self._chunk_rows()

    def _chunk_rows(self):
        row_bytes = 4 * self.shape[1] * self.shape[2]
        return max(STREAM_CHUNK_BYTES // max(row_bytes, 1), 1)

    def chunks(self, rows=None, name=None):
        """Yield the given epochs as float32 arrays, a chunk at a time.

        See :meth:`in_one_chunk`; other data come in chunks of at most
        ``STREAM_CHUNK_BYTES`` (at least one epoch).

        Parameters
        ----------
        rows : None | array of int
            The epochs (None: all, in order).
        name : str | None
            As for :meth:`read`.

        Yields
        ------
        data : array, shape (n_chunk, n_channels, n_times), float32
            The next chunk.
        """
        rows = np.arange(len(self)) if rows is None else np.asarray(rows)
        size = len(rows) if self.in_one_chunk(len(rows)) else self._chunk_rows()
        for start in range(0, len(rows), max(size, 1)):
            yield self.read(rows[start : start + size], name)


class ArrayRows(Rows):
    """Epochs of an array in memory, or memory-mapped without a usable file position.

    Parameters
    ----------
    array : ndarray, shape (n_epochs, n_channels, n_times)
        The user's array (only read).
    mapping : mmap.mmap | None
        The file mapping that ``array`` views; None for an array in memory.
    release : bool
        Give the mapping's pages back to the system after every read (a
        shared mapping, whose pages the file holds).
    """

    def __init__(self, array, mapping=None, release=False):
        super().__init__(array.shape)
        self.array, self.mapping = array, mapping
        self.in_memory = mapping is None
        self.release = release and hasattr(mmap, "MADV_DONTNEED")

    def _read(self, rows):
        values = self.array[rows]  # fancy indexing copies
        if self.release:
            self.mapping.madvise(mmap.MADV_DONTNEED)
        return values


class FileRows(Rows):
    """Epochs of a memory-mapped array read from its file with ordinary reads.

    Parameters
    ----------
    array : ndarray, shape (n_epochs, n_channels, n_times)
        The user's array; each epoch is contiguous in the file.
    fname : str
        The mapped file.
    first : int
        Byte position of epoch 0 in the file.
    """

    in_memory = False

    def __init__(self, array, fname, first):
        super().__init__(array.shape)
        self.dtype, self.fname, self.first = array.dtype, fname, first
        self.stride = array.strides[0]

    def _read(self, rows):
        unique, where = np.unique(rows, return_inverse=True)
        values = np.empty((len(unique), *self.shape[1:]), dtype=self.dtype)
        if not len(unique):
            return values
        buffer = values.reshape(-1).view(np.uint8)
        row_bytes = values[0].nbytes
        # consecutive epochs laid end to end are read in one call
        if self.stride == row_bytes:
            breaks = np.flatnonzero(np.diff(unique) != 1) + 1
        else:
            breaks = np.arange(1, len(unique))
        with open(self.fname, "rb", buffering=0) as file:
            for run in np.split(np.arange(len(unique)), breaks):
                file.seek(self.first + int(unique[run[0]]) * self.stride)
                target = memoryview(
                    buffer[run[0] * row_bytes : (run[-1] + 1) * row_bytes]
                )
                done = 0
                while done < len(target):
                    count = file.readinto(target[done:])
                    if not count:
                        raise OSError(
                            f"{self.fname} ends before epoch {unique[run[0]]}"
                        )
                    done += count
        return values[where]


class EpochsRows(Rows):
    """Epochs of an mne.Epochs (loaded or lazy), some channels of them.

    Parameters
    ----------
    epochs : instance of mne.Epochs
        Epochs whose bad epochs are dropped (a known length).
    picks : array of int
        The channels to read, in this order.
    """

    def __init__(self, epochs, picks):
        super().__init__((len(epochs), len(picks), len(epochs.times)))
        self.epochs, self.picks = epochs, picks
        self.in_memory = bool(epochs.preload)

    def _read(self, rows):
        return self.epochs.get_data(picks=self.picks, item=rows)


def array_rows(array):
    """Return the reader of a 3D array: from its file when it is memory-mapped.

    A view of a :class:`numpy.memmap` (``np.memmap`` or ``np.load(...,
    mmap_mode=...)``) on a file opened for reading or shared writing, whose
    epochs are each contiguous, is read with file reads; other memory-mapped
    views through the mapping, releasing its pages after each read.

    Parameters
    ----------
    array : ndarray, shape (n_epochs, n_channels, n_times)
        The user's array.

    Returns
    -------
    rows : Rows
        Its reader.
    """
    memmap, mapping, base = None, None, array
    while base is not None and mapping is None:
        if memmap is None and isinstance(base, np.memmap):
            memmap = base
        if isinstance(base, mmap.mmap):
            mapping = base
        base = getattr(base, "base", None)
    if mapping is None or len(array) == 0:
        return ArrayRows(array)
    # a copy-on-write mapping ("c") may hold changes that are not in the file
    shared = memmap is not None and memmap.mode in ("r", "r+", "w+")
    if not shared or memmap.filename is None or not array[0].flags.c_contiguous:
        return ArrayRows(array, mapping, release=shared)
    mapping_start = np.frombuffer(mapping, np.uint8).__array_interface__["data"][0]
    file_start = memmap.offset - memmap.offset % mmap.ALLOCATIONGRANULARITY
    first = file_start + array.__array_interface__["data"][0] - mapping_start
    return FileRows(array, memmap.filename, first)


def read_all(rows, name):
    """Return every epoch as one float32 array, its values checked.

    Parameters
    ----------
    rows : Rows
        The reader.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    data : array, shape (n_epochs, n_channels, n_times), float32
        A copy of the epochs.
    """
    data = np.empty(rows.shape, dtype=np.float32)
    start = 0
    for chunk in rows.chunks(name=name):
        data[start : start + len(chunk)] = chunk
        start += len(chunk)
    return data


def check_values(rows, name):
    """Refuse epochs with values that are not finite or do not fit in float32.

    Parameters
    ----------
    rows : Rows
        The reader, read a chunk at a time.
    name : str
        The argument's name, for error messages.
    """
    for _ in rows.chunks(name=name):
        pass
