package dev.switchboard.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** What the Maven reactor says about the services: which modules build an image with Jib, and its name. */
final class Project {

    /** The deploy module's directory (surefire runs in it) and the reactor's root. */
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final Path K8S = MODULE.resolve("k8s");

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private Project() {
    }

    /** Module name to the image Jib builds for it, for every module of the root pom that configures Jib. */
    static Map<String, String> jibImages() {
        Element root = parse(ROOT.resolve("pom.xml"));
        Map<String, String> properties = rootProperties(root);
        String pattern = jibPattern(root);
        Map<String, String> images = new LinkedHashMap<>();
        for (Node n = child(root, "modules").getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element module)) {
                continue;
            }
            Path pom = ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml");
            if (!Files.exists(pom)) {
                continue;
            }
            Element modulePom = parse(pom);
            Element build = child(modulePom, "build");
            if (!usesJib(build)) {
                continue;
            }
            String own = jibImage(build);
            Map<String, String> scope = new HashMap<>(properties);
            scope.put("project.artifactId", text(modulePom, "artifactId"));
            images.put(module.getTextContent().trim(), resolve(own != null ? own : pattern, scope));
        }
        return images;
    }

    /** The image the root pom's Jib configuration names for a module of that artifactId. */
    static String jibImage(String artifactId) {
        Element root = parse(ROOT.resolve("pom.xml"));
        Map<String, String> scope = rootProperties(root);
        scope.put("project.artifactId", artifactId);
        return resolve(jibPattern(root), scope);
    }

    /** Whether the module depends on the library module {@code artifactId} (dev.switchboard). */
    static boolean dependsOn(String module, String artifactId) {
        Element dependencies = child(parse(ROOT.resolve(module).resolve("pom.xml")), "dependencies");
        for (Node n = dependencies == null ? null : dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element d && "dev.switchboard".equals(text(d, "groupId")) && artifactId.equals(text(d, "artifactId"))
                    && !"test".equals(text(d, "scope"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The environment variables that bind the components of a {@code @ConfigurationProperties} record by Spring's
     * relaxed binding, without a placeholder: prefix and component upper case, dots as underscores, no dashes
     * ({@code switchboard.media.store} + {@code pathStyle} is {@code SWITCHBOARD_MEDIA_STORE_PATHSTYLE}).
     */
    static Set<String> relaxedVariables(String module, String recordSource) {
        String source;
        try {
            source = Files.readString(ROOT.resolve(module).resolve("src/main/java").resolve(recordSource));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + recordSource + " of " + module, e);
        }
        Matcher prefix = Pattern.compile("@ConfigurationProperties\\(\"([a-z.-]+)\"\\)").matcher(source);
        Matcher components = Pattern.compile("record \\w+\\(([^)]*)\\)").matcher(source);
        if (!prefix.find() || !components.find()) {
            throw new AssertionError(recordSource + " is no @ConfigurationProperties record");
        }
        String variablePrefix = prefix.group(1).replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT) + "_";
        Set<String> variables = new TreeSet<>();
        for (String component : components.group(1).split(",")) {
            String[] typeAndName = component.trim().split("\\s+");
            variables.add(variablePrefix + typeAndName[typeAndName.length - 1].toUpperCase(Locale.ROOT));
        }
        return variables;
    }

    /** The service's application.yml, where every environment variable it reads appears as ${NAME...}. */
    static String applicationYml(String module) {
        try {
            return Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + module + "'s application.yml", e);
        }
    }

    private static Map<String, String> rootProperties(Element root) {
        Map<String, String> properties = new HashMap<>();
        Element props = child(root, "properties");
        if (props != null) {
            for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    properties.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        properties.put("project.version", text(root, "version"));
        return properties;
    }

    private static String jibPattern(Element root) {
        String pattern = jibImage(child(child(root, "build"), "pluginManagement"));
        if (pattern == null) {
            throw new AssertionError("the root pom.xml has no jib-maven-plugin <to><image> in <pluginManagement>");
        }
        return pattern;
    }

    private static boolean usesJib(Element build) {
        return jibPlugin(build) != null;
    }

    private static String jibImage(Element build) {
        Element image = child(child(child(jibPlugin(build), "configuration"), "to"), "image");
        return image == null ? null : image.getTextContent().trim();
    }

    private static Element jibPlugin(Element build) {
        Element plugins = child(build, "plugins");
        for (Node n = plugins == null ? null : plugins.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p && "jib-maven-plugin".equals(text(p, "artifactId"))) {
                return p;
            }
        }
        return null;
    }

    private static String resolve(String value, Map<String, String> properties) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.get(m.group(1));
            if (v == null) {
                throw new AssertionError("unknown property ${" + m.group(1) + "} in the Jib image name " + value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(v, properties)));
        }
        return m.appendTail(out).toString();
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom, e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
