package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/** Helpers for DJL's {@link LayerNorm} over the last axis of (..., D) inputs. */
final class Norms {
    private Norms() {
    }

    /** A LayerNorm whose normalised shape is (D); initialise it with {@link #init}. */
    static LayerNorm lastAxis() {
        return LayerNorm.builder().axis(1).build();
    }

    /** Initialises with a (1, D) probe so that gamma/beta get shape (D); works on any (..., D) input. */
    static void init(LayerNorm norm, NDManager manager, DataType dataType, int dim) {
        norm.initialize(manager, dataType, new Shape(1, dim));
    }

    static NDArray apply(LayerNorm norm, ParameterStore ps, NDArray x, boolean training) {
        return norm.forward(ps, new NDList(x), training).singletonOrThrow();
    }
}
