package dev.relay.testkit.controlplane;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal relay stand-in on the JDK's WebSocket client: collects what the control plane sends. */
final class TestRelayClient implements AutoCloseable {

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();

  private TestRelayClient(WebSocket socket) {
    this.socket = socket;
  }

  static TestRelayClient connect(URI url, String token) {
    return connect(HttpClient.newHttpClient(), url, token);
  }

  static TestRelayClient connect(HttpClient http, URI url, String token) {
    TestRelayClient[] holder = new TestRelayClient[1];
    Listener listener = new Listener(holder);
    WebSocket ws = http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .header("X-Relay-Id", "relay-test-1")
        .header("X-Relay-Version", "0.1.0")
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(url, listener)
        .join();
    holder[0] = listener.client;
    return listener.client;
  }

  private static final class Listener implements WebSocket.Listener {
    final TestRelayClient[] holder;
    TestRelayClient client;
    final BlockingQueue<String> early = new LinkedBlockingQueue<>();

    Listener(TestRelayClient[] holder) {
      this.holder = holder;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      client = new TestRelayClient(webSocket);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      client.partial.append(data);
      if (last) {
        client.messages.add(client.partial.toString());
        client.partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      client.closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (client != null) {
        client.closed.complete(-1);
      }
    }
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  String next(Duration timeout) throws InterruptedException {
    String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return m;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
