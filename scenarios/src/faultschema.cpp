#include "faultschema.h"

namespace scalelab::scenarios::detail {

// The faults' part of the JSON Schema, as it was written by hand: faults have
// no field descriptions yet (their section is read by readFaults).
const char* faultSchema()
{
    return R"json({
      "type": "object",
      "description": "A timed fault: one action (kill, zone_outage, slow, errors, partition, failover, cache_flush, consumer_outage) at a time. Behaviour: docs/models.md, Faults.",
      "additionalProperties": false,
      "properties": {
        "at": {"$ref": "#/$defs/unit_duration", "description": "When (duration)."},
        "kill": {
          "$ref": "#/$defs/name",
          "description": "Component to kill instances of (in at least one variant; a variant without it is unaffected)."
        },
        "instances": {
          "type": "integer",
          "minimum": 1,
          "description": "Kill only: instances killed, integer >= 1.",
          "default": 1
        },
        "restart": {
          "anyOf": [{"$ref": "#/$defs/unit_duration"}, {"const": "never"}],
          "description": "Kill only: restart after this duration, or never.",
          "default": "never"
        },
        "zone_outage": {
          "$ref": "#/$defs/name",
          "description": "Zone taken out (a name from network.zones; 'default' when none are declared)."
        },
        "for": {
          "$ref": "#/$defs/unit_duration",
          "description": "Zone outage, slow, errors, partition, consumer outage: how long (duration > 0)."
        },
        "slow": {
          "$ref": "#/$defs/name",
          "description": "Slow dependency: component whose visits take add + (factor - 1) x service time longer. Component (in at least one variant; a variant without it is unaffected)."
        },
        "add": {
          "$ref": "#/$defs/unit_duration",
          "description": "Slow only: seconds added to every visit (duration >= 0).",
          "default": "0s"
        },
        "factor": {
          "type": "number",
          "minimum": 1,
          "description": "Slow only: service time (latency) multiplier, >= 1.",
          "default": 1
        },
        "errors": {
          "$ref": "#/$defs/name",
          "description": "Error injection: component whose visits fail with probability rate. Component (in at least one variant; a variant without it is unaffected)."
        },
        "rate": {
          "$ref": "#/$defs/unit_fraction",
          "description": "Errors only: share of visits that fail, 0..1 or a percentage."
        },
        "partition": {
          "type": "array",
          "items": {"$ref": "#/$defs/name"},
          "minItems": 2,
          "maxItems": 2,
          "description": "Two distinct zones whose link is cut."
        },
        "failover": {
          "$ref": "#/$defs/name",
          "description": "SQL database whose primary is lost; writes fail during the promotion, then a replica is primary."
        },
        "promotion": {
          "$ref": "#/$defs/unit_duration",
          "description": "Failover only: seconds without a primary (duration > 0).",
          "default": "30s"
        },
        "cache_flush": {"$ref": "#/$defs/name", "description": "Cache that loses every entry."},
        "consumer_outage": {"$ref": "#/$defs/name", "description": "Message queue whose consumers stop for `for`."}
      },
      "required": ["at"],
      "oneOf": [
        {
          "required": ["kill"],
          "not": {
            "anyOf": [
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["for"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["zone_outage", "for"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["slow", "for"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["errors", "rate", "for"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["partition", "for"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["failover"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["cache_flush"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["for"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]}
            ]
          }
        },
        {
          "required": ["cache_flush"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["consumer_outage"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["for"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        },
        {
          "required": ["consumer_outage", "for"],
          "not": {
            "anyOf": [
              {"required": ["kill"]},
              {"required": ["zone_outage"]},
              {"required": ["slow"]},
              {"required": ["errors"]},
              {"required": ["partition"]},
              {"required": ["failover"]},
              {"required": ["cache_flush"]},
              {"required": ["instances"]},
              {"required": ["restart"]},
              {"required": ["add"]},
              {"required": ["factor"]},
              {"required": ["rate"]},
              {"required": ["promotion"]}
            ]
          }
        }
      ]
    })json";
}

} // namespace scalelab::scenarios::detail
