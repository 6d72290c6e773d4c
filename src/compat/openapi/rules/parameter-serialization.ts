import type { Parameter } from '../../../contract/openapi/operations.js';
import type { Rule } from './rule.js';

interface Serialization {
  style: string;
  explode: boolean;
}

/**
 * A parameter's `style`/`explode` (2.0: `collectionFormat`) changed: the same values are written
 * differently on the wire (`?ids=1,2` vs `?ids=1&ids=2`, `/users/5` vs `/users/.5`). Clients built
 * with the old serialization send requests the server may read differently, but whether it does
 * depends on the server's parser, so this is a warning rather than a certain break (oasdiff reports
 * nothing here).
 */
export const parameterSerialization: Rule = {
  name: 'parameter-serialization',
  kinds: ['parameter-serialization-changed'],
  checks: [
    {
      id: 'request-parameter-serialization-changed',
      level: 'warning',
      description: "A parameter's serialization (`style`, `explode`, or 2.0 `collectionFormat`) changed; clients keep writing values the old way.",
      example: 'style: form, explode: true → style: spaceDelimited, explode: false',
      messages: { changed: '{in} parameter `{parameter}` changed serialization from style {fromStyle}, explode {fromExplode} to style {toStyle}, explode {toExplode}; clients that still write the old form may be misread.' },
    },
  ],
  judge(f) {
    const param = f.data.parameter as Parameter;
    const from = f.data.from as Serialization;
    const to = f.data.to as Serialization;
    return {
      id: 'request-parameter-serialization-changed',
      messageId: 'changed',
      data: { in: param.in, parameter: param.name, fromStyle: from.style, fromExplode: from.explode, toStyle: to.style, toExplode: to.explode },
    };
  },
};
