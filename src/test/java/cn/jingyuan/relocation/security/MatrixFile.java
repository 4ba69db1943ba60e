package cn.jingyuan.relocation.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code target/authorization-matrix.md}, written by more than one test class: each writes its section to
 * {@code target/authorization-matrix/<name>.md}, and the whole file is put together again from every section there,
 * the endpoint matrix first, whichever class ran last.
 */
final class MatrixFile {

    private static final Path SECTIONS = Path.of("target", "authorization-matrix");
    private static final Path OUT = Path.of("target", "authorization-matrix.md");

    private MatrixFile() {
    }

    static synchronized void write(String section, String markdown) throws IOException {
        Files.createDirectories(SECTIONS);
        Files.writeString(SECTIONS.resolve(section + ".md"), markdown, StandardCharsets.UTF_8);
        List<Path> all;
        try (Stream<Path> files = Files.list(SECTIONS)) {
            all = files.filter(p -> p.toString().endsWith(".md"))
                    .sorted((a, b) -> a.getFileName().toString().startsWith("endpoints") ? -1
                            : b.getFileName().toString().startsWith("endpoints") ? 1 : a.compareTo(b))
                    .toList();
        }
        StringBuilder md = new StringBuilder();
        for (Path p : all) {
            if (!md.isEmpty()) {
                md.append('\n');
            }
            md.append(Files.readString(p, StandardCharsets.UTF_8));
        }
        Files.writeString(OUT, md.toString(), StandardCharsets.UTF_8);
    }
}
