package dev.listkit.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the fix of {@link Scalars}: no compiled class of {@code alignment-core} calls DJL's
 * {@code NDArray.mul/div/pow/minimum/maximum(Number)} (or their in-place forms), whose constant the autograd graph
 * would keep pointing at after the garbage collector has freed it, except the optimiser code that runs with
 * gradients off. Reads the constant pool of each class file (JVMS §4.4) rather than pulling in a bytecode library
 * for one question: which methods a class references.
 */
class ScalarOverloadGuardTest {
    /** Overloads whose backward pass saves the constant operand. */
    private static final Set<String> UNSAFE = Set.of("mul", "div", "pow", "minimum", "maximum", "muli", "divi", "powi");
    private static final String NUMBER_OVERLOAD = "(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;";
    /** Classes that use the overloads with gradients off ({@code NoGrad}): no graph records them. */
    private static final Set<String> ALLOWED = Set.of("dev/listkit/core/train/AdamW", "dev/listkit/core/train/Gradients");

    @Test
    void noGraphCodeUsesDjlsNumberOverloads() throws IOException, URISyntaxException {
        Path classes = Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> problems = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                scanned++;
                String name = classes.relativize(f).toString().replace('\\', '/').replace(".class", "");
                for (String call : numberOverloads(Files.readAllBytes(f))) {
                    if (!ALLOWED.contains(name)) {
                        problems.add(name + " calls NDArray." + call + "(Number)");
                    }
                }
            }
        }
        assertTrue(scanned > 100, "found only " + scanned + " classes under " + classes);
        assertEquals(List.of(), problems, "use dev.listkit.core.nn.Scalars: DJL's constant aliases memory the garbage"
                + " collector frees while the autograd graph still reads it");
    }

    @Test
    void theScannerSeesACall() throws IOException, URISyntaxException {
        Path self = Path.of(ScalarOverloadGuardTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        byte[] probe = Files.readAllBytes(self.resolve("dev/listkit/core/nn/ScalarsTest.class"));
        assertTrue(numberOverloads(probe).containsAll(Set.of("mul", "div", "minimum", "maximum")),
                numberOverloads(probe).toString()); // its comparison with DJL's overloads calls them
        Path main = Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertFalse(numberOverloads(Files.readAllBytes(main.resolve("dev/listkit/core/train/AdamW.class"))).isEmpty());
    }

    /** Names of the {@link #UNSAFE} {@code NDArray} Number overloads that a class file references. */
    static Set<String> numberOverloads(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] refClass = new int[count]; // Methodref / InterfaceMethodref → Class index
        int[] refNameType = new int[count];
        int[] classNameIndex = new int[count];
        int[] ntName = new int[count];
        int[] ntDescriptor = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 17, 18 -> in.readInt();
                case 10, 11 -> {
                    refClass[i] = in.readUnsignedShort();
                    refNameType[i] = in.readUnsignedShort();
                }
                case 12 -> {
                    ntName[i] = in.readUnsignedShort();
                    ntDescriptor[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (refNameType[i] == 0) {
                continue;
            }
            String owner = utf8[classNameIndex[refClass[i]]];
            String method = utf8[ntName[refNameType[i]]];
            String descriptor = utf8[ntDescriptor[refNameType[i]]];
            if (owner != null && owner.startsWith("ai/djl/") && owner.endsWith("NDArray") && UNSAFE.contains(method)
                    && NUMBER_OVERLOAD.equals(descriptor)) {
                out.add(method);
            }
        }
        return out;
    }
}
