package dev.switchboard.sandbox.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The web server a media send links to: serves the files a test puts on it, 404 for anything else. */
public final class LinkServer {

    private record File(String contentType, byte[] bytes) {
    }

    private final HttpServer server;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    public LinkServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the bytes at this path; returns their URL. */
    public String serve(String path, String contentType, byte[] bytes) {
        files.put(path, new File(contentType, bytes));
        return url(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        File file = files.get(exchange.getRequestURI().getPath());
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.getResponseHeaders().set("Content-Type", file.contentType());
            exchange.sendResponseHeaders(200, file.bytes().length);
            exchange.getResponseBody().write(file.bytes());
        }
        exchange.close();
    }
}
