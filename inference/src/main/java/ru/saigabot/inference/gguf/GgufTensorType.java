package ru.saigabot.inference.gguf;

/**
 * A ggml tensor type as stored in GGUF tensor infos, with its block layout: {@code blockSize} elements are stored
 * in {@code blockBytes} bytes, and a row ({@code ne[0]} elements) must hold whole blocks. Ids are ggml's
 * ({@code enum ggml_type} as of llama.cpp b4916); gaps are types ggml removed. All types can be read; which ones
 * {@link GgufWriter} can encode is {@link #isWritable()}.
 */
public enum GgufTensorType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgufTensorType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The ggml type id stored in the file. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for plain types, 32 or 256 for quantised ones). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes taken by {@code elements} elements, which must be a whole number of blocks. */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    elements + " elements are not whole " + this + " blocks of " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    }

    /** Whether {@link GgufWriter} can encode floats into this type. */
    public boolean isWritable() {
        return TensorEncoder.supports(this);
    }

    /**
     * The {@code general.file_type} (llama.cpp's {@code llama_ftype}) of a model whose weight matrices are of this
     * type, or -1 if there is no such file type (k-quant file types are mixes, named by
     * the mix, not by one tensor type).
     */
    public int llamaFileType() {
        switch (this) {
            case F32: return 0;
            case F16: return 1;
            case Q4_0: return 2;
            case Q4_1: return 3;
            case Q8_0: return 7;
            case Q5_0: return 8;
            case Q5_1: return 9;
            case Q6_K: return 18;
            case BF16: return 32;
            default: return -1;
        }
    }

    /** The type with the given ggml id, or {@code null} if this code does not know it. */
    static GgufTensorType byId(long id) {
        for (GgufTensorType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
