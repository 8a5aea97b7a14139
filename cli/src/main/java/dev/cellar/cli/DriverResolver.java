package dev.cellar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.version.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code cellar driver add GROUP:ARTIFACT[:VERSION]}: the driver's jar and its runtime
 * dependencies, resolved by Maven's own resolver from Maven Central, or through the mirrors
 * (and their server credentials) in the user's {@code ~/.m2/settings.xml}, into the local
 * repository Maven uses ({@code <localRepository>}, else {@code ~/.m2/repository}). Without a
 * version, the newest release. Runs in the command, not the daemon: see {@link DriverCommand}.
 */
final class DriverResolver {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern PRE_RELEASE = Pattern.compile("(?i).*(alpha|beta|rc|snapshot|milestone|preview|-m\\d|\\.cr\\d).*");

    /** What was resolved: the version chosen and every jar, the driver's first. */
    record Resolved(String groupId, String artifactId, String version, List<Path> jars) {
    }

    private final Path settingsFile;

    DriverResolver(Path settingsFile) {
        this.settingsFile = settingsFile;
    }

    static DriverResolver forUser() {
        return new DriverResolver(Path.of(System.getProperty("user.home"), ".m2", "settings.xml"));
    }

    Resolved resolve(String coordinates) throws IOException {
        String[] parts = coordinates.split(":");
        if (parts.length < 2 || parts.length > 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("coordinates are GROUP:ARTIFACT or GROUP:ARTIFACT:VERSION, e.g."
                    + " org.xerial:sqlite-jdbc:3.54.1.0 (got " + coordinates + ")");
        }
        Settings settings = Settings.read(settingsFile);
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(settings.localRepository())
                .setMirrorSelector(settings.mirrors())
                .setAuthenticationSelector(settings.authentication())
                .build()) {
            List<RemoteRepository> repositories = List.of(new RemoteRepository.Builder("central", "default", CENTRAL).build());
            String version = parts.length == 3 ? parts[2] : newest(system, session, repositories, parts[0], parts[1]);
            DefaultArtifact driver = new DefaultArtifact(parts[0], parts[1], "jar", version);
            // the driver as the dependency of a stand-in project, as in a pom: its optional dependencies (MariaDB's AWS
            // and Windows authentication plugins) stay out, as Maven leaves them out of a project using the driver
            CollectRequest collect = new CollectRequest();
            collect.setRootArtifact(new DefaultArtifact("dev.cellar", "cellar-driver", "jar", "0"));
            collect.addDependency(new Dependency(driver, JavaScopes.RUNTIME));
            collect.setRepositories(repositories);
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults()) {
                Artifact a = r.getArtifact();
                if (a != null && a.getPath() != null && a.getPath().toString().endsWith(".jar")) {
                    jars.add(a.getPath());
                }
            }
            return new Resolved(parts[0], parts[1], version, jars);
        } catch (org.eclipse.aether.RepositoryException e) {
            throw new IOException("could not resolve " + coordinates + ": " + e.getMessage(), e);
        } finally {
            system.shutdown();
        }
    }

    private static String newest(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories,
                                 String group, String artifact) throws org.eclipse.aether.RepositoryException {
        var range = system.resolveVersionRange(session, new VersionRangeRequest(
                new DefaultArtifact(group, artifact, "jar", "[0,)"), repositories, null));
        List<Version> versions = new ArrayList<>(range.getVersions());
        versions.removeIf(v -> PRE_RELEASE.matcher(v.toString()).matches());
        if (versions.isEmpty()) {
            throw new org.eclipse.aether.resolution.VersionRangeResolutionException(range,
                    "no released version of " + group + ":" + artifact + " found");
        }
        return versions.getLast().toString();
    }

    /** What the resolver takes from {@code settings.xml}: the local repository, mirrors, and their servers' credentials. */
    private record Settings(Path localRepository, DefaultMirrorSelector mirrors, DefaultAuthenticationSelector authentication) {
        static Settings read(Path file) throws IOException {
            Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
            DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
            DefaultAuthenticationSelector auth = new DefaultAuthenticationSelector();
            if (!Files.isRegularFile(file)) {
                return new Settings(local, mirrors, auth);
            }
            Document doc;
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no external entities
                doc = f.newDocumentBuilder().parse(file.toFile());
            } catch (Exception e) {
                throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            String localRepository = text(doc.getDocumentElement(), "localRepository");
            if (localRepository != null) {
                local = Path.of(localRepository.replace("${user.home}", System.getProperty("user.home")));
            }
            NodeList mirrorList = doc.getElementsByTagName("mirror");
            for (int i = 0; i < mirrorList.getLength(); i++) {
                Element m = (Element) mirrorList.item(i);
                String id = text(m, "id");
                String url = text(m, "url");
                String of = text(m, "mirrorOf");
                if (id != null && url != null && of != null) {
                    mirrors.add(id, url, "default", false, false, of, "*");
                }
            }
            NodeList servers = doc.getElementsByTagName("server");
            for (int i = 0; i < servers.getLength(); i++) {
                Element s = (Element) servers.item(i);
                String id = text(s, "id");
                String user = text(s, "username");
                if (id != null && user != null) {
                    auth.add(id, new AuthenticationBuilder().addUsername(user).addPassword(text(s, "password")).build());
                }
            }
            return new Settings(local, mirrors, auth);
        }

        private static String text(Element parent, String tag) {
            NodeList n = parent.getElementsByTagName(tag);
            if (n.getLength() == 0) {
                return null;
            }
            String t = n.item(0).getTextContent().strip();
            return t.isEmpty() ? null : t;
        }
    }
}
