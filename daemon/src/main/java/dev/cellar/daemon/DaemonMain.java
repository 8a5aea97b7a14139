package dev.cellar.daemon;

import dev.cellar.protocol.client.SocketPaths;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** {@code java … dev.cellar.daemon.DaemonMain [--socket PATH] [--tcp 127.0.0.1:PORT]}: runs the daemon until it is asked to stop. */
public final class DaemonMain {
    private static final String USAGE = "usage: DaemonMain [--socket PATH] [--tcp 127.0.0.1:PORT]";

    private DaemonMain() {
    }

    private static InetSocketAddress tcpAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            System.err.println("cellar daemon: --tcp wants HOST:PORT on loopback, e.g. 127.0.0.1:7070, not " + hostPort);
            System.exit(2);
            return null;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = SocketPaths.defaultSocket();
        InetSocketAddress tcp = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--socket") && i + 1 < args.length) {
                socket = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--tcp") && i + 1 < args.length) {
                tcp = tcpAddress(args[++i]);
            } else {
                System.err.println("cellar daemon: unknown argument " + args[i] + " (" + USAGE + ")");
                System.exit(2);
            }
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(socket);
            if (tcp != null) {
                InetSocketAddress bound = daemon.listenTcp(tcp);
                System.err.println("cellar daemon: also listening on TCP " + bound.getHostString() + ":" + bound.getPort()
                        + " (token in " + socket.getParent().resolve(TcpToken.FILE_NAME) + ")");
            }
        } catch (IOException e) {
            System.err.println("cellar daemon: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "cellar-shutdown-hook"));
        System.err.println("cellar daemon " + Daemon.VERSION + " listening on " + socket + " (pid "
                + ProcessHandle.current().pid() + ")");
        daemon.awaitShutdown();
        System.exit(0);
    }
}
