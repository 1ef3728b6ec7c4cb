/**
 * The sloforge equivalent of Sloth's getting-started spec
 * (../shared/anchors/sloth/getting-started.spec.yml): the same service, labels,
 * objective, error and total counters, alert name and per-severity labels. sloforge's
 * own defaults stay on (per-tier `for`, the no-data alert), as a user would get them.
 */
import { defineConfig } from 'sloforge';

export default defineConfig({
  services: [
    {
      name: 'myservice',
      labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
      slos: [
        {
          name: 'requests-availability',
          description: 'Common SLO based on availability for HTTP request responses.',
          objective: 99.9,
          period: '30d',
          sli: {
            ratio: {
              errors: 'http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}',
              total: 'http_request_duration_seconds_count{job="myservice"}',
            },
          },
          alerting: {
            name: 'MyServiceHighErrorRate',
            labels: { category: 'availability' },
            annotations: { summary: "High error rate on 'myservice' requests responses" },
            tiers: {
              fastPage: { severity: 'pageteam', labels: { routing_key: 'myteam' } },
              slowPage: { severity: 'pageteam', labels: { routing_key: 'myteam' } },
              fastTicket: { severity: 'slack', labels: { slack_channel: '#alerts-myteam' } },
              slowTicket: { severity: 'slack', labels: { slack_channel: '#alerts-myteam' } },
            },
          },
        },
      ],
    },
  ],
});
