package lab;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The truth lab's JVM service: loads the generated classes, fills its heap with RETAIN MiB of live
 * data (every page touched, as a cache would), then serves HTTP on a pool of threads and says
 * `port N`. Stops on /quit.
 */
public final class Service {
    static final List<byte[]> retained = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int classes = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int retainMiB = Integer.parseInt(args[2]);
        long sum = 0;
        for (int i = 0; i < classes; i++) sum += Generated.make(i).applyAsInt(i);
        for (int i = 0; i < retainMiB; i++) {
            byte[] block = new byte[1 << 20];
            for (int j = 0; j < block.length; j += 4096) block[j] = (byte) j;
            retained.add(block);
        }
        CountDownLatch done = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            byte[] body = new byte[64 * 1024];
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) { out.write(body); }
        });
        server.createContext("/quit", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            done.countDown();
        });
        server.start();
        System.out.println("port " + server.getAddress().getPort() + " " + sum);
        System.out.flush();
        done.await();
        server.stop(0);
        System.exit(0);
    }
}
