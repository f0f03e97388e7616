package io.relman.nginx;

import io.relman.nginx.NginxTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstreams in what {@code nginx -T} prints: each with the file that holds it and its servers. Reads
 * nginx's words as nginx does (a {@code #} that starts a word comments out the rest of the line, quoted
 * strings and {@code ${variables}} are single words), enough to find {@code upstream NAME { server ...; }}
 * and no more; no Java library reads nginx's configuration. Shared by {@code relman init}, which tells
 * the user where relman wants each upstream, and the pre-flight, which refuses an upstream defined twice.
 */
public final class NginxUpstreams {
    /** One {@code upstream NAME { server HOST:PORT ...; }} block, and how many upstreams its file holds. */
    public record Upstream(String name, String file, List<String> servers, int upstreamsInFile) {
        public Upstream {
            servers = List.copyOf(servers);
        }

        /** {@code host} of {@code host:port}. */
        public static String host(String server) {
            int colon = server.lastIndexOf(':');
            return colon < 0 ? server : server.substring(0, colon);
        }

        /** {@code port} of {@code host:port}; 80 without one, null when it is not a number. */
        public static Integer port(String server) {
            int colon = server.lastIndexOf(':');
            try {
                return colon < 0 ? 80 : Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException notAPort) {
                return null;
            }
        }
    }

    /** The server relman's file lists, marked down, while an upstream routes to no replica (nginx needs one). */
    public static final String NO_REPLICA = "127.0.0.1:9";

    private static final Pattern FILE = Pattern.compile("^# configuration file (.+):$", Pattern.MULTILINE);

    private NginxUpstreams() {}

    /** Every upstream block of every file in {@code dump} (what {@code nginx -T} printed), in order. */
    public static List<Upstream> in(String dump) {
        Matcher header = FILE.matcher(dump);
        List<String> files = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> headerStarts = new ArrayList<>();
        while (header.find()) {
            files.add(header.group(1).trim());
            headerStarts.add(header.start());
            starts.add(header.end());
        }
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            int end = i + 1 < files.size() ? headerStarts.get(i + 1) : dump.length();
            List<Upstream> inFile = inFile(files.get(i), dump.substring(starts.get(i), end));
            inFile.forEach(
                    found -> upstreams.add(new Upstream(found.name(), found.file(), found.servers(), inFile.size())));
        }
        return upstreams;
    }

    /**
     * The servers {@code upstream} routes to in one file's {@code text} (relman's upstream file, as read):
     * empty when the file holds no such upstream, or only the placeholder relman writes for no replica.
     */
    public static List<String> routedIn(String file, String text, String upstream) {
        return inFile(file, text).stream()
                .filter(found -> found.name().equals(upstream))
                .flatMap(found -> found.servers().stream())
                .filter(server -> !server.equals(NO_REPLICA))
                .toList();
    }

    /**
     * The files other than {@code ownFile} that define {@code upstream}, in the order nginx loads them:
     * where they are, writing {@code ownFile} makes nginx refuse its configuration (duplicate upstream).
     */
    public static List<String> definedElsewhere(List<Upstream> upstreams, String upstream, String ownFile) {
        return upstreams.stream()
                .filter(found -> found.name().equals(upstream))
                .map(Upstream::file)
                .filter(file -> !normalized(file).equals(normalized(ownFile)))
                .distinct()
                .toList();
    }

    /**
     * What to do with an upstream that is not alone in the file relman rewrites: the words of {@code relman
     * init}, and of the pre-flight that refuses a release while it is so.
     */
    public static String moveAdvice(String upstream, String file, String configDir) {
        return "move `upstream " + upstream + " {...}` out of " + file + " into " + configDir + "/" + upstream
                + ".conf, a file of its own that nginx includes (include " + configDir + "/*.conf; inside http {}):"
                + " relman rewrites that file at every release";
    }

    /** {@code /etc/nginx//relman/./api.conf} is {@code /etc/nginx/relman/api.conf} (no I/O in this module). */
    private static String normalized(String file) {
        return file.replaceAll("/+", "/").replaceAll("/(\\./)+", "/");
    }

    private static List<Upstream> inFile(String file, String text) {
        List<Upstream> found = new ArrayList<>();
        List<String> statement = new ArrayList<>();
        // The upstream block being read (its name and servers), and how deep inside it the reader is.
        String upstream = null;
        List<String> servers = new ArrayList<>();
        int depthInUpstream = 0;
        for (Token token : NginxTokens.of(text)) {
            switch (token.kind()) {
                case OPEN -> {
                    if (upstream != null) {
                        depthInUpstream++;
                    } else if (statement.size() == 2 && statement.get(0).equals("upstream")) {
                        upstream = statement.get(1);
                        servers = new ArrayList<>();
                        depthInUpstream = 1;
                    }
                    statement.clear();
                }
                case CLOSE -> {
                    if (upstream != null && --depthInUpstream == 0) {
                        found.add(new Upstream(upstream, file, servers, 0));
                        upstream = null;
                    }
                    statement.clear();
                }
                case END -> {
                    if (upstream != null
                            && depthInUpstream == 1
                            && statement.size() >= 2
                            && statement.get(0).equals("server")) {
                        servers.add(statement.get(1));
                    }
                    statement.clear();
                }
                case WORD -> statement.add(token.word());
            }
        }
        return found;
    }
}
