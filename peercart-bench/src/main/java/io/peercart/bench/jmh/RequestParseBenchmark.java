package io.peercart.bench.jmh;

import io.peercart.server.http.Json;
import io.peercart.server.http.Requests;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * An order's JSON body read into the server's request record, as the order route reads it
 * ({@code Json.read(body, Requests.PlaceOrder.class)}: strict, unknown fields refused).
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main RequestParse}
 */
public class RequestParseBenchmark extends PieceBenchmark {
    private final byte[] seckill = "{\"sku\":\"B1\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
    private final byte[] groupOn = "{\"sku\":\"G1\",\"quantity\":1,\"groupId\":\"auto\"}".getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public Requests.PlaceOrder seckillOrder() {
        return Json.read(seckill, Requests.PlaceOrder.class);
    }

    @Benchmark
    public Requests.PlaceOrder groupOnOrder() {
        return Json.read(groupOn, Requests.PlaceOrder.class);
    }
}
