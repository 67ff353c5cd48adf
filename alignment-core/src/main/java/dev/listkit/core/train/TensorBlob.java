package dev.listkit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A tensor copied to the heap for a checkpoint: data type name, shape and raw little-endian bytes. */
record TensorBlob(String dataType, long[] shape, byte[] data) {
    /** Every element, of an array of any rank. */
    private static final NDIndex ALL = new NDIndex("...");

    static TensorBlob of(NDArray array) {
        return new TensorBlob(array.getDataType().name(), array.getShape().getShape(), array.toByteArray());
    }

    Shape djlShape() {
        return new Shape(shape);
    }

    /** A new array in {@code manager} (owned by it). */
    NDArray toArray(NDManager manager) {
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length).order(ByteOrder.nativeOrder());
        buf.put(data).rewind();
        return manager.create(buf, djlShape(), DataType.valueOf(dataType));
    }

    /**
     * Copies the values into an existing array of the same shape and type, in place (outside a gradient
     * collector). Written as an indexed put of a temporary array rather than {@code NDArray.set(Buffer)}: DJL's
     * native {@code torchSet} behind the latter opens PyTorch's deprecated {@code AutoNonVariableTypeMode}
     * guard, which prints "AutoNonVariableTypeMode is deprecated" on the first checkpoint load of every process.
     */
    void copyInto(NDArray target) {
        try (NDArray source = toArray(target.getManager())) {
            target.set(ALL, source);
        }
    }
}
