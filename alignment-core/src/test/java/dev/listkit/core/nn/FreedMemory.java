package dev.listkit.core.nn;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests of code that must not depend on garbage-collection timing: frees what the collector can free (unreachable
 * direct buffers included, whose native memory goes back to {@code malloc}) and then takes small native blocks back,
 * filled with NaN, so that anything still pointing at freed memory reads garbage.
 */
public final class FreedMemory {
    private FreedMemory() {
    }

    /**
     * Collects twice, each time waiting (at most a few seconds) until reference processing has reached a probe, then
     * allocates {@code blocks} 4-byte direct buffers holding NaN. Keep the result reachable for as long as the freed
     * memory should stay overwritten.
     */
    public static List<ByteBuffer> freeAndReuse(int blocks) throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> probe = new PhantomReference<>(new Object(), queue);
            Reference<?> reached = null;
            for (int attempt = 0; attempt < 20 && reached == null; attempt++) {
                System.gc();
                reached = queue.remove(200);
            }
            Reference.reachabilityFence(probe);
        }
        List<ByteBuffer> out = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            out.add(b);
        }
        return out;
    }
}
