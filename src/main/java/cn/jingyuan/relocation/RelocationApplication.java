package cn.jingyuan.relocation;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;

import cn.jingyuan.relocation.shared.TimeConfig;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Import(RelocationProcessApplication.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class RelocationApplication {

    static {
        // The county runs on Beijing time: timers, due dates and "today" all mean Asia/Shanghai, and the engine
        // stores its java.util.Date values in the JVM's zone. Set here, it holds for java -jar, spring-boot:run and
        // every test that starts the application alike.
        TimeZone.setDefault(TimeZone.getTimeZone(TimeConfig.COUNTY_ZONE));
    }

    public static void main(String[] args) {
        SpringApplication.run(RelocationApplication.class, args);
    }
}
