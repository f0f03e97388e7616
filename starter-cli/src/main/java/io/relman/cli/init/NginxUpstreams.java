package io.relman.cli.init;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstreams in what {@code nginx -T} prints: each with the file that holds it and its servers. Enough
 * of nginx's syntax for that, no more (comments dropped, one upstream block at a time); no Java library
 * reads nginx's configuration.
 */
final class NginxUpstreams {
    /** One {@code upstream NAME { server HOST:PORT ...; }} block, and how many upstreams its file holds. */
    record Upstream(String name, String file, List<String> servers, int upstreamsInFile) {
        /** {@code host} of {@code host:port}. */
        static String host(String server) {
            int colon = server.lastIndexOf(':');
            return colon < 0 ? server : server.substring(0, colon);
        }

        static Integer port(String server) {
            int colon = server.lastIndexOf(':');
            try {
                return colon < 0 ? 80 : Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException notAPort) {
                return null;
            }
        }
    }

    private static final Pattern FILE = Pattern.compile("^# configuration file (.+):$", Pattern.MULTILINE);
    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+([^\\s{]+)\\s*\\{([^}]*)}");
    private static final Pattern SERVER = Pattern.compile("server\\s+([^\\s;]+)[^;]*;");

    private NginxUpstreams() {}

    static List<Upstream> in(String dump) {
        List<Upstream> upstreams = new ArrayList<>();
        Matcher file = FILE.matcher(dump);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (file.find()) {
            starts.add(new int[] {file.end()});
            names.add(file.group(1).trim());
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size()
                    ? dump.lastIndexOf("# configuration file", starts.get(i + 1)[0])
                    : dump.length();
            String text = dump.substring(starts.get(i)[0], end).replaceAll("#[^\\n]*", "");
            Matcher upstream = UPSTREAM.matcher(text);
            List<Upstream> inFile = new ArrayList<>();
            while (upstream.find()) {
                List<String> servers = new ArrayList<>();
                Matcher server = SERVER.matcher(upstream.group(2));
                while (server.find()) {
                    servers.add(server.group(1));
                }
                inFile.add(new Upstream(upstream.group(1), names.get(i), servers, 0));
            }
            inFile.forEach(
                    found -> upstreams.add(new Upstream(found.name(), found.file(), found.servers(), inFile.size())));
        }
        return upstreams;
    }
}
