package dev.listkit.vision.io;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import dev.listkit.vision.image.Orientation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Reads the EXIF orientation of a JPEG with metadata-extractor, parsing only the APP1 EXIF segment.
 * Broken or absent metadata means {@link Orientation#NORMAL}: the pixels decoded fine, so the image
 * is still usable.
 */
final class ExifOrientationReader {
    private ExifOrientationReader() {
    }

    static Orientation orientation(byte[] jpeg) {
        try {
            Metadata md = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg), List.of(new ExifReader()));
            ExifIFD0Directory dir = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir == null || !dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return Orientation.NORMAL;
            }
            return Orientation.ofExif(dir.getInt(ExifIFD0Directory.TAG_ORIENTATION));
        } catch (JpegProcessingException | IOException | MetadataException | RuntimeException e) {
            return Orientation.NORMAL;
        }
    }
}
