package cn.jingyuan.relocation.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Makes bcrypt the engine's password hash (older hashes still check by their prefix) and leaves login throttling to us. */
@Component
class IdentityEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setPasswordEncryptor(new BcryptPasswordEncryptor());
        // Logins are throttled by LoginThrottle (5 failures lock an account for 15 minutes, audited), for /api, the
        // browser and the Camunda webapps alike; the engine's own delay after every failure would count twice.
        configuration.setLoginDelayBase(0);
        configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
    }
}
