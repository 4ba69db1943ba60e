package cn.jingyuan.relocation;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(RelocationProcessApplication.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class RelocationApplication {

    public static void main(String[] args) {
        // The county runs on Beijing time; timers, due dates and "today" all mean Asia/Shanghai.
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
        SpringApplication.run(RelocationApplication.class, args);
    }
}
