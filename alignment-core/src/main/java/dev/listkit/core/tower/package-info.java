/**
 * Frozen pretrained towers for any modality (locked-tower training, LiT): {@link dev.listkit.core.tower.OnnxTower}
 * opens an ONNX encoder named by a recipe ({@link dev.listkit.core.tower.OnnxTowerSpec}) and turns a batch of a
 * modality's tensors into pooled vectors and tokens; plugins supply only their preprocessing
 * ({@link dev.listkit.core.tower.TowerInput}) and return a {@link dev.listkit.core.tower.FrozenOnnxEncoder} from
 * {@code Modality.encoder({"type": "onnx", ...})}. {@link dev.listkit.core.tower.LockedTowers} then makes the
 * recipe's samples the tower's outputs ({@link dev.listkit.core.tower.LockedTowerModality}), computed once per
 * sample and view into the feature cache, so that training, the data engine and evaluation read cached outputs.
 *
 * <p>Layer: with {@code nn}, {@code text} and {@code model}; imports only the foundations ({@code modality},
 * {@code data}, {@code io}, {@code util}).
 */
package dev.listkit.core.tower;
