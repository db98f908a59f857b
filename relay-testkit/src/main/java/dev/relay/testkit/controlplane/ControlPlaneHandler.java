package dev.relay.testkit.controlplane;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/** The pipeline's last handler: checks the upgrade, then feeds frames to the {@link RelaySession}. */
final class ControlPlaneHandler extends SimpleChannelInboundHandler<Object> {

  private final ControlPlaneServer server;
  private @Nullable WebSocketServerHandshaker handshaker;
  private @Nullable RelaySession session;

  ControlPlaneHandler(ControlPlaneServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request) {
      onUpgrade(ctx, request);
    } else if (msg instanceof WebSocketFrame frame) {
      onFrame(ctx, frame);
    }
  }

  private void onUpgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
    }
    String remote = String.valueOf(ctx.channel().remoteAddress());
    String subject = clientSubject(ctx);

    int status = decide(request);
    if (status != 101) {
      server.recordHandshake(new Handshake(request.uri(), headers, remote, status, subject));
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(status),
          Unpooled.copiedBuffer(HttpResponseStatus.valueOf(status).reasonPhrase(), StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      if (status == 401) {
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      }
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }

    String scheme = server.tls() ? "wss" : "ws";
    String location = scheme + "://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + server.path();
    WebSocketServerHandshakerFactory factory =
        new WebSocketServerHandshakerFactory(location, null, true, server.maxMessageBytes());
    WebSocketServerHandshaker hs = factory.newHandshaker(request);
    if (hs == null) {
      server.recordHandshake(new Handshake(request.uri(), headers, remote, 426, subject));
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    handshaker = hs;
    Handshake recorded = new Handshake(request.uri(), headers, remote, 101, subject);
    server.recordHandshake(recorded);
    ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(server.maxMessageBytes()));
    hs.handshake(ctx.channel(), request).addListener(f -> {
      if (f.isSuccess()) {
        RelaySession s = new RelaySession(ctx.channel(), recorded, server.mapper(), server.recordHistory());
        session = s;
        server.accepted(s);
      } else {
        ctx.close();
      }
    });
  }

  private int decide(FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    if (!path.equals(server.path())) {
      return 404;
    }
    int refuse = server.refuseStatus();
    if (refuse != 0) {
      return refuse;
    }
    String token = server.token();
    if (token == null) {
      return 101;
    }
    String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return 401;
    }
    byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, expected) ? 101 : server.wrongTokenStatus();
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    RelaySession s = session;
    if (frame instanceof TextWebSocketFrame text) {
      if (s != null) {
        s.onText(text.text());
      }
    } else if (frame instanceof PingWebSocketFrame) {
      if (s != null) {
        s.onPing();
      }
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame close) {
      if (s != null) {
        s.onCloseFrame(close.statusCode(), close.reasonText());
      }
      WebSocketServerHandshaker hs = handshaker;
      if (hs != null) {
        hs.close(ctx.channel(), close.retain());
      } else {
        ctx.close();
      }
    } else if (frame instanceof BinaryWebSocketFrame) {
      // JSON-RPC travels in text frames; a binary frame is a protocol error on the relay's side.
      ctx.writeAndFlush(new CloseWebSocketFrame(1003, "binary frames are not accepted"))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static @Nullable String clientSubject(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
        return x509.getSubjectX500Principal().getName();
      }
      return null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A relay that goes away mid-frame, a TLS failure, a frame over the size limit: close quietly.
    ctx.close();
  }
}
