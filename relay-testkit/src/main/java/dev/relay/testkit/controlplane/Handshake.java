package dev.relay.testkit.controlplane;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket upgrade request the control plane received, accepted or not.
 *
 * @param uri the request target (path and query) as sent
 * @param headers every request header; names compared case-insensitively by {@link #header}
 * @param remoteAddress the peer's address, for diagnostics
 * @param status the HTTP status the server answered: 101 when upgraded, otherwise the refusal
 * @param clientCertificateSubject the subject of the client certificate under mutual TLS, or
 *     {@code null} when the peer presented none
 */
public record Handshake(
    String uri,
    Map<String, List<String>> headers,
    String remoteAddress,
    int status,
    @Nullable String clientCertificateSubject) {

  public Handshake {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
      var merged = new java.util.ArrayList<>(a);
      merged.addAll(b);
      return List.copyOf(merged);
    }));
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /** The first value of the named header (case-insensitive), or {@code null} when absent. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Whether the upgrade was accepted (HTTP 101). */
  public boolean accepted() {
    return status == 101;
  }

  /** Redacts {@code Authorization} and cookies: a handshake carries the relay's token. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Handshake[uri=").append(uri).append(", status=")
        .append(status).append(", remote=").append(remoteAddress).append(", headers={");
    boolean first = true;
    for (var e : headers.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      String name = e.getKey().toLowerCase(Locale.ROOT);
      boolean secret = name.equals("authorization") || name.equals("cookie")
          || name.equals("proxy-authorization");
      sb.append(e.getKey()).append('=').append(secret ? "<redacted>" : e.getValue());
    }
    return sb.append("}]").toString();
  }
}
