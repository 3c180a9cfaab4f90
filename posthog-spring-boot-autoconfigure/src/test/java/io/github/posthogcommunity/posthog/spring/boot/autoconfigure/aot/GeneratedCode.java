package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.core.io.InputStreamSource;

/**
 * Compiles the sources of Spring's AOT processing with the JDK compiler against the test class path, and defines
 * each generated class in the package (and class loader) of a known class, as the generated code calls
 * package-private {@code @Bean} methods.
 */
final class GeneratedCode {

    private GeneratedCode() {
    }

    /**
     * @param hosts a class of each package the generated code lives in, by package name
     * @return the name of every defined class
     */
    static List<String> compileAndDefine(InMemoryGeneratedFiles files, Map<String, Class<?>> hosts)
            throws IOException, IllegalAccessException {
        Path root = Files.createTempDirectory("posthog-aot");
        Path sources = root.resolve("sources");
        Path classes = root.resolve("classes");
        List<String> sourceFiles = new ArrayList<>();
        for (Map.Entry<String, InputStreamSource> file : files.getGeneratedFiles(GeneratedFiles.Kind.SOURCE)
                .entrySet()) {
            Path target = sources.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            try (InputStream in = file.getValue().getInputStream()) {
                Files.write(target, in.readAllBytes());
            }
            sourceFiles.add(target.toString());
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-nowarn", "-parameters", "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        args.addAll(sourceFiles);
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("generated code does not compile: "
                    + errors.toString(StandardCharsets.UTF_8));
        }
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            // outer classes first: a nested class's name is longer than its outer class's
            classFiles = walk.filter(p -> p.toString().endsWith(".class"))
                    .sorted(Comparator.comparing(p -> p.toString().length())).toList();
        }
        List<String> defined = new ArrayList<>();
        for (Path classFile : classFiles) {
            String name = classes.relativize(classFile).toString().replace('/', '.').replaceAll("\\.class$", "");
            String pkg = name.substring(0, name.lastIndexOf('.'));
            Class<?> host = hosts.get(pkg);
            if (host == null) {
                throw new IllegalStateException("no known class in package " + pkg + " to define " + name);
            }
            try {
                MethodHandles.privateLookupIn(host, MethodHandles.lookup()).defineClass(Files.readAllBytes(classFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defined.add(name);
        }
        return defined;
    }
}
