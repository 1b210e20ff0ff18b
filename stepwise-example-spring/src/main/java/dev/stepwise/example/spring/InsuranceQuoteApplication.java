package dev.stepwise.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose MCP server (Spring AI, streamable HTTP at {@code /mcp}) serves
 * the {@code insurance_quote} flow through the Stepwise starter. See README.md.
 */
@SpringBootApplication
public class InsuranceQuoteApplication {

    public static void main(String[] args) {
        SpringApplication.run(InsuranceQuoteApplication.class, args);
    }
}
