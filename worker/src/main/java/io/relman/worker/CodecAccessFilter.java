package io.relman.worker;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may use the codec endpoint, which decrypts every payload: a request must name this worker by a Host
 * it answers to (127.0.0.1, localhost or [::1] with the port it was reached on, or a configured name), else
 * 403, which stops a DNS-rebinding page whose own name resolves to 127.0.0.1; and it must carry the codec
 * token, else 401: {@code Authorization: Bearer TOKEN} (the Temporal CLI's {@code --codec-auth}, a proxy)
 * or the token as the path segment before {@code decode}/{@code encode} ({@code /codec/TOKEN/decode}: the
 * endpoint the dev server's Web UI is given, since it cannot add a header). A CORS preflight carries no
 * token and passes to Spring's CORS handling. The token is compared in constant time.
 */
class CodecAccessFilter extends OncePerRequestFilter {
    private static final Pattern TOKEN_IN_PATH = Pattern.compile("/codec/([^/]+)/(?:decode|encode)");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+(\\S+)\\s*");

    private final Optional<byte[]> tokenDigest;
    private final String tokenVariable;
    private final List<String> allowedHosts;

    /**
     * {@code token}: the value of the worker variable {@code tokenVariable}, none when it is unset (every
     * request is then refused); {@code allowedHosts}: names besides the loopback ones, with or without port.
     */
    CodecAccessFilter(Optional<String> token, String tokenVariable, List<String> allowedHosts) {
        this.tokenDigest = token.filter(value -> !value.isBlank()).map(CodecAccessFilter::digest);
        this.tokenVariable = tokenVariable;
        this.allowedHosts = allowedHosts.stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (!hostAllowed(host, request.getLocalPort())) {
            refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "the codec endpoint does not answer to Host '" + host
                            + "': add that name to relman.codec.allowed-hosts (RELMAN_CODEC_ALLOWED_HOSTS)");
            return;
        }
        boolean preflight =
                "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            chain.doFilter(request, response);
            return;
        }
        if (tokenDigest.isEmpty()) {
            refuse(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "this worker has no codec token: set the" + " worker variable " + tokenVariable
                            + " (relman.codec.token-env names it)");
            return;
        }
        // Either may hold it: a UI behind a login passes its own access token as the Bearer, and relman's in the path.
        boolean matches = false;
        for (String presented : presentedTokens(request)) {
            matches |= MessageDigest.isEqual(digest(presented), tokenDigest.get());
        }
        if (!matches) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"relman codec\"");
            refuse(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "the codec endpoint needs the worker's codec" + " token (" + tokenVariable
                            + "): 'Authorization: Bearer TOKEN' or the endpoint .../codec/TOKEN");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean hostAllowed(String host, int localPort) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        for (String loopback : List.of("127.0.0.1", "localhost", "[::1]")) {
            if (name.equals(loopback + ":" + localPort)) {
                return true;
            }
        }
        int colon = name.lastIndexOf(':');
        String withoutPort = colon > name.lastIndexOf(']') ? name.substring(0, colon) : name;
        return allowedHosts.contains(name) || allowedHosts.contains(withoutPort);
    }

    private static List<String> presentedTokens(HttpServletRequest request) {
        List<String> tokens = new java.util.ArrayList<>(2);
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            Matcher bearer = BEARER.matcher(authorization);
            if (bearer.matches()) {
                tokens.add(bearer.group(1));
            }
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher inPath = TOKEN_IN_PATH.matcher(path);
        if (inPath.matches()) {
            tokens.add(inPath.group(1));
        }
        return tokens;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message + "\n");
    }

    /** SHA-256 first: equal lengths, so that isEqual's time says nothing about the token. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
