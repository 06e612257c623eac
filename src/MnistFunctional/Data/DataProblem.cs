namespace MnistFunctional.Data;

/// <summary>What is wrong with a data file; each kind has its own message, so callers and tests can tell them apart.</summary>
public enum DataProblem
{
    /// <summary>The file is empty or ends inside the magic number or the dimension sizes.</summary>
    TruncatedHeader,

    /// <summary>The magic number is not that of an IDX unsigned-byte file.</summary>
    WrongMagic,

    /// <summary>An IDX file with the wrong number of dimensions (e.g. a labels file where images are expected).</summary>
    WrongDimensionCount,

    /// <summary>A dimension size is zero, negative or absurdly large.</summary>
    BadSize,

    /// <summary>The data ends before the sizes in the header say it should.</summary>
    TruncatedData,

    /// <summary>Bytes follow the data the header announces (an oversized file).</summary>
    ExtraBytes,

    /// <summary>The file starts like gzip but does not decompress.</summary>
    CorruptGzip,

    /// <summary>A label is outside the range of classes.</summary>
    LabelOutOfRange,

    /// <summary>The images file and the labels file hold different numbers of examples.</summary>
    CountMismatch,

    /// <summary>The images are not of the size the data set's images have (28×28 for MNIST).</summary>
    WrongImageSize,
}
