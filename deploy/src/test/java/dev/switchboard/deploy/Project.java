package dev.switchboard.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
        String pattern = jibImage(child(child(root, "build"), "pluginManagement"));
        if (pattern == null) {
            throw new AssertionError("the root pom.xml has no jib-maven-plugin <to><image> in <pluginManagement>");
        }
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

    /** The service's application.yml, where every environment variable it reads appears as ${NAME...}. */
    static String applicationYml(String module) {
        try {
            return Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + module + "'s application.yml", e);
        }
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
