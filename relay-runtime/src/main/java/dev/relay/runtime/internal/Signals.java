package dev.relay.runtime.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP → reload, through {@code sun.misc.Signal} when the JVM has it (jdk.unsupported), looked
 * up reflectively and guarded: where it is missing or the signal is taken, the relay still
 * reloads on file edits. A SIGHUP ignored by the process from its start (nohup) cannot be caught:
 * that is logged as a warning.
 */
public final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on each SIGHUP; returns false when that cannot be arranged here. */
    public static boolean onHangup(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler ih = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread t = new Thread(action, "relay-sighup");
                    t.setDaemon(true);
                    t.start();
                    return null;
                }
                if (method.getName().equals("toString")) {
                    return "relay SIGHUP handler";
                }
                if (method.getName().equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (method.getName().equals("equals")) {
                    return proxy == args[0];
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, ih);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            if (previous != null && previous == handlerClass.getField("SIG_IGN").get(null)) {
                // The JVM installs no handler for a signal ignored when it started (nohup, some
                // supervisors): say so rather than pretend.
                LOG.warn("SIGHUP is ignored in this process (started under nohup?): it will not reload the config; "
                        + "file edits still do when reload.watch is on");
                return false;
            }
            LOG.info("SIGHUP reloads the config");
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("SIGHUP reload not available here ({}); file edits still reload", e.getClass().getSimpleName());
            return false;
        }
    }
}
