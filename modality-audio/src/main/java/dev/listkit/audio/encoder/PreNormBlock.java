package dev.listkit.audio.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A minimal pre-norm transformer encoder block: {@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))}
 * with GELU. Input and output {@code (B, N, D)}. (Kept local to the audio towers; the shared blocks of
 * {@code dev.listkit.core.nn} can replace it once they exist.)
 */
final class PreNormBlock extends AbstractBlock {
    private final int heads;
    private final LayerNorm norm1;
    private final Linear qkv;
    private final Linear proj;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;

    PreNormBlock(int dim, int heads, int mlpRatio) {
        super((byte) 1);
        this.heads = heads;
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        fc1 = addChildBlock("fc1", Linear.builder().setUnits((long) mlpRatio * dim).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, N, D)
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long d = x.getShape().get(2);
        long hd = d / heads;
        NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray qkvOut = qkv.forward(ps, new NDList(h), training).singletonOrThrow() // (B, N, 3D)
                .reshape(b, n, 3, heads, hd).transpose(2, 0, 3, 1, 4); // (3, B, H, N, hd)
        NDArray q = qkvOut.get(0); // (B, H, N, hd)
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(hd)).softmax(-1); // (B, H, N, N)
        NDArray ctx = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, d); // (B, N, D)
        x = x.add(proj.forward(ps, new NDList(ctx), training).singletonOrThrow());
        NDArray m = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
        m = Activation.gelu(fc1.forward(ps, new NDList(m), training).singletonOrThrow()); // (B, N, rD)
        x = x.add(fc2.forward(ps, new NDList(m), training).singletonOrThrow()); // (B, N, D)
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0]; // (B, N, D)
        Shape hidden = new Shape(s.get(0), s.get(1), fc1.getOutputShapes(new Shape[] {s})[0].get(2));
        norm1.initialize(manager, dataType, s);
        qkv.initialize(manager, dataType, s);
        proj.initialize(manager, dataType, s);
        norm2.initialize(manager, dataType, s);
        fc1.initialize(manager, dataType, s);
        fc2.initialize(manager, dataType, hidden);
    }
}
