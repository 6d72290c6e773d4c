import { LineIndex } from '../../load/line-index.js';

/**
 * Where each type, field and argument of an SDL text is defined, found by one scan of the text instead
 * of from the parsed document's locations. Parsing without locations (`noLocation`) spares graphql-js a
 * location object per node: about a third of parsing and building a large schema (Linear's SDL: ~140 of
 * ~450 ms), and `interlock diff` needs positions only for the coordinates that changed.
 *
 * Positions are those graphql-js gives the definition's node: its first token, the description when it
 * has one. Type positions come from definitions only (`extend type` adds fields but is not where the type
 * is defined); a coordinate defined more than once (published SDL sometimes repeats a field) has each
 * occurrence, in document order.
 */
export interface SdlLines {
  /** Line and column of the `occurrence`-th (from 0) definition of `Type`, `Type.field` or `Type.field.arg`. */
  at(coordinate: string, occurrence?: number): { line: number; column: number } | undefined;
}

const SKIP = /[\s,\ufeff]*/y;
const NAME_REST = /[_A-Za-z0-9]*/y;
const TO_LINE_END = /[^\n\r]*/y;
const STRING_PLAIN = /[^"\\\n\r]*/y;
const NUMBER_REST = /[-+.0-9A-Za-z_]*/y;

// The previous significant token, as far as telling definitions from values needs.
const NONE = 0;
const NAME = 1;
const COLON = 2;
const EQUALS = 3;
const AT = 4;
const OTHER = 5;

const TYPE_KEYWORDS = new Map<string, boolean>([
  // keyword → whether its body lists fields (and their arguments)
  ['type', true],
  ['interface', true],
  ['input', true],
  ['enum', false],
  ['union', false],
  ['scalar', false],
]);

/** Members of one type, five numbers each: name start, name end, position, and for an argument its field's name start and end (-1 for a field). */
type Members = number[];

/** A field's member map, built on first use: `field` or `field.arg` → position(s). */
type MemberOffsets = Map<string, number | number[]>;

interface Scan {
  /** Type name → position of each definition of it. */
  types: Map<string, number | number[]>;
  /** Type name → its fields and arguments (from its definitions and extensions). */
  members: Map<string, Members>;
}

/** The index of `text`, built on the first question (a diff without changes asks none). */
export function sdlLines(text: string): SdlLines {
  let scan: Scan | undefined;
  const memberOffsets = new Map<string, MemberOffsets>();
  let lines: LineIndex | undefined;
  const offsetOf = (coordinate: string, occurrence: number): number | undefined => {
    scan ??= scanDefinitions(text);
    const dot = coordinate.indexOf('.');
    let had: number | number[] | undefined;
    if (dot < 0) had = scan.types.get(coordinate);
    else {
      const type = coordinate.slice(0, dot);
      let offsets = memberOffsets.get(type);
      if (!offsets) {
        const members = scan.members.get(type);
        if (!members) return undefined;
        memberOffsets.set(type, (offsets = offsetsOfMembers(text, members)));
      }
      had = offsets.get(coordinate.slice(dot + 1));
    }
    return typeof had === 'number' ? (occurrence === 0 ? had : undefined) : had?.[occurrence];
  };
  return {
    at(coordinate, occurrence = 0) {
      const offset = offsetOf(coordinate, occurrence);
      if (offset === undefined) return undefined;
      lines ??= new LineIndex(text, { carriageReturns: true });
      return lines.position(offset);
    },
  };
}

function push(map: Map<string, number | number[]>, key: string, offset: number): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, offset);
  else if (typeof had === 'number') map.set(key, [had, offset]);
  else had.push(offset);
}

function offsetsOfMembers(text: string, members: Members): MemberOffsets {
  const out: MemberOffsets = new Map();
  for (let m = 0; m < members.length; m += 5) {
    const name = text.slice(members[m], members[m + 1]);
    push(out, members[m + 3] < 0 ? name : `${text.slice(members[m + 3], members[m + 4])}.${name}`, members[m + 2]);
  }
  return out;
}

/**
 * One pass over the text: type definitions by name, and the fields and arguments of each type as
 * positions only (names are cut out for the types a question names).
 */
function scanDefinitions(text: string): Scan {
  const types = new Map<string, number | number[]>();
  const members = new Map<string, Members>();

  const n = text.length;
  let i = 0;
  let braces = 0;
  let brackets = 0;
  /** Per open parenthesis, the name start of the field whose arguments it lists, or -1 (directive arguments). */
  const parens: number[] = [];
  /** Name end of the field of each open parenthesis. */
  const parenEnds: number[] = [];
  let prev: number = NONE;
  /** Offset of a string that may be the description of what follows, or -1. */
  let description = -1;
  // A type definition being read at the top level: after its keyword, after its name, until its body opens.
  let expectTypeName = false;
  let extension = false;
  let definitionStart = -1;
  let pendingFields = false;
  let pendingType = '';
  /** The member list of the type whose field list is open (undefined outside bodies, or in a body without fields). */
  let body: Members | undefined;
  /** Name start and end of the field just named in the open body (-1 once anything but its argument list follows). */
  let lastField = -1;
  let lastFieldEnd = -1;

  while (i < n) {
    SKIP.lastIndex = i;
    SKIP.test(text);
    i = SKIP.lastIndex;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      // Comments are not tokens: what came before still counts as the previous token.
      TO_LINE_END.lastIndex = i;
      TO_LINE_END.test(text);
      i = TO_LINE_END.lastIndex;
      continue;
    }
    const fieldBefore = lastField;
    const fieldBeforeEnd = lastFieldEnd;
    lastField = -1;
    if (c === 34 /* " */) {
      const start = i;
      i = stringEnd(text, i);
      description = brackets === 0 && prev !== COLON && prev !== EQUALS ? start : -1;
      prev = OTHER;
      continue;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      NAME_REST.lastIndex = i + 1;
      NAME_REST.test(text);
      const end = NAME_REST.lastIndex;
      const start = description >= 0 ? description : i;
      description = -1;
      if (braces === 0 && parens.length === 0 && brackets === 0) {
        const name = text.slice(i, end);
        if (expectTypeName) {
          expectTypeName = false;
          if (!extension) push(types, name, definitionStart);
          extension = false;
          pendingType = name;
        } else if (prev !== AT) {
          const fields = TYPE_KEYWORDS.get(name);
          if (name === 'extend') extension = true;
          else if (fields !== undefined) {
            expectTypeName = true;
            pendingFields = fields;
            definitionStart = start;
          } else if (name === 'schema' || name === 'directive') {
            extension = false;
            pendingType = '';
          }
        }
      } else if (braces === 1 && body && brackets === 0 && prev !== COLON && prev !== AT && prev !== EQUALS) {
        if (parens.length === 0) {
          body.push(i, end, start, -1, -1);
          lastField = i;
          lastFieldEnd = end;
        } else {
          const field = parens[parens.length - 1];
          if (field >= 0) body.push(i, end, start, field, parenEnds[parenEnds.length - 1]);
        }
      }
      prev = NAME;
      i = end;
      continue;
    }
    description = -1;
    i++;
    switch (c) {
      case 123 /* { */:
        if (braces === 0 && parens.length === 0 && pendingType) {
          body = undefined;
          if (pendingFields) {
            body = members.get(pendingType);
            if (!body) members.set(pendingType, (body = []));
          }
          pendingType = '';
        }
        braces++;
        prev = OTHER;
        break;
      case 125 /* } */:
        if (braces > 0 && --braces === 0) body = undefined;
        prev = OTHER;
        break;
      case 40 /* ( */:
        // A field's own argument list opens right after its name; any other is a directive's arguments.
        parens.push(braces === 1 && body ? fieldBefore : -1);
        parenEnds.push(fieldBeforeEnd);
        prev = OTHER;
        break;
      case 41 /* ) */:
        parens.pop();
        parenEnds.pop();
        prev = OTHER;
        break;
      case 91 /* [ */:
        brackets++;
        prev = OTHER;
        break;
      case 93 /* ] */:
        if (brackets > 0) brackets--;
        prev = OTHER;
        break;
      case 58 /* : */:
        prev = COLON;
        break;
      case 61 /* = */:
        prev = EQUALS;
        // `union U = A | B` has no body: the definition ends with its members.
        if (braces === 0 && parens.length === 0) pendingType = '';
        break;
      case 64 /* @ */:
        prev = AT;
        break;
      default:
        if ((c >= 48 && c <= 57) || c === 45 /* - */) {
          NUMBER_REST.lastIndex = i;
          NUMBER_REST.test(text);
          i = NUMBER_REST.lastIndex;
        }
        prev = OTHER;
    }
  }
  return { types, members };
}

/** The offset just past the string (or block string) opening at `i`. */
function stringEnd(text: string, i: number): number {
  if (text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34) {
    // Block string: `\"""` is the one escape, and it does not end the string.
    let end = text.indexOf('"""', i + 3);
    while (end > 0 && text.charCodeAt(end - 1) === 92 /* \ */) end = text.indexOf('"""', end + 3);
    return end < 0 ? text.length : end + 3;
  }
  let j = i + 1;
  for (;;) {
    STRING_PLAIN.lastIndex = j;
    STRING_PLAIN.test(text);
    j = STRING_PLAIN.lastIndex;
    if (text.charCodeAt(j) !== 92 /* \ */) break;
    j += 2;
  }
  return text.charCodeAt(j) === 34 ? j + 1 : j;
}
