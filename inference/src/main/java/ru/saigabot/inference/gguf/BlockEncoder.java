package ru.saigabot.inference.gguf;

import java.io.IOException;

/**
 * An encoder of a block-quantised type: gathers the floats of one block and hands them to {@link #writeBlock}.
 * Rows are whole blocks (checked by {@link GgufTensor}), so a block never spans two rows.
 */
abstract class BlockEncoder extends TensorEncoder {
    /** The current block's values; complete when {@link #writeBlock} is called. */
    protected final float[] block;
    private int filled;

    BlockEncoder(ByteWriter out, String name, long n, int blockSize) {
        super(out, name, n);
        this.block = new float[blockSize];
    }

    @Override
    final void encode(float[] values, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            block[filled++] = values[i];
            if (filled == block.length) {
                writeBlock();
                filled = 0;
            }
        }
    }

    /** Encodes {@link #block} into the output. */
    abstract void writeBlock() throws IOException;
}
