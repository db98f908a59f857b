package dev.relay.runtime.internal;

import dev.relay.runtime.RelayListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps an operator's {@link RelayListener}: whatever it throws never reaches a request. */
public final class SafeListener implements RelayListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final RelayListener delegate;
    private final AtomicBoolean warned = new AtomicBoolean();

    private SafeListener(RelayListener delegate) {
        this.delegate = delegate;
    }

    public static RelayListener of(RelayListener listener) {
        return listener == RelayListener.NONE || listener instanceof SafeListener ? listener : new SafeListener(listener);
    }

    @Override
    public void connected() {
        guard(delegate::connected);
    }

    @Override
    public void disconnected() {
        guard(delegate::disconnected);
    }

    @Override
    public void requestFinished(RequestFinished request) {
        guard(() -> delegate.requestFinished(request));
    }

    @Override
    public void resourceReachability(String resourceId, boolean reachable) {
        guard(() -> delegate.resourceReachability(resourceId, reachable));
    }

    @Override
    public void configReloaded(boolean applied) {
        guard(() -> delegate.configReloaded(applied));
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // the exception's message may carry whatever the listener put in it: name the class only
            if (warned.compareAndSet(false, true)) {
                LOG.warn("the relay listener {} threw {}; the relay carries on (logged once)",
                        delegate.getClass().getName(), e.getClass().getName());
            }
        }
    }
}
