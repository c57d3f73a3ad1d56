/** Person names by region, so a Lyon contact is not called "Brittany Johnson". */
import type { NameRegion } from './geo-overseas.js';
import type { Rng } from './random.js';

const FIRST: Readonly<Record<NameRegion, readonly string[]>> = {
  en: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'William', 'Elizabeth', 'Daniel',
    'Sarah', 'Matthew', 'Jessica', 'Anthony', 'Karen', 'Mark', 'Emily', 'Joshua', 'Ashley', 'Kevin', 'Olivia', 'Brian',
    'Megan', 'Jason', 'Rachel', 'Tyler', 'Hannah', 'Aaron', 'Priya', 'Wei', 'Carlos', 'Aisha', 'Jamal', 'Mei', 'Diego'],
  de: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Maximilian', 'Sophie', 'Felix', 'Marie', 'Paul', 'Lena', 'Jürgen', 'Katrin', 'Stefan', 'Julia'],
  fr: ['Louis', 'Camille', 'Hugo', 'Léa', 'Gabriel', 'Chloé', 'Jules', 'Manon', 'Mathieu', 'Émilie', 'Antoine', 'Sophie', 'François', 'Hélène'],
  es: ['Javier', 'Lucía', 'Alejandro', 'María', 'Pablo', 'Carmen', 'Sergio', 'Laura', 'Álvaro', 'Elena', 'Iñigo', 'Marta'],
  it: ['Marco', 'Giulia', 'Luca', 'Francesca', 'Alessandro', 'Chiara', 'Matteo', 'Sara', 'Davide', 'Elisa', 'Niccolò'],
  nl: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Sanne', 'Bram', 'Fleur', 'Thijs', 'Anouk'],
  sv: ['Erik', 'Elsa', 'Lars', 'Maja', 'Oskar', 'Ingrid', 'Anders', 'Astrid', 'Nils', 'Karin'],
  pl: ['Jakub', 'Zofia', 'Piotr', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Michał', 'Magdalena', 'Paweł', 'Małgorzata'],
  ie: ['Seán', 'Aoife', 'Ciarán', 'Niamh', 'Conor', 'Siobhán', 'Patrick', 'Róisín', 'Declan', 'Orla'],
};

const LAST: Readonly<Record<NameRegion, readonly string[]>> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
    'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
    'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Patel', 'Chen', 'Kim',
    'Hughes', 'Evans', 'Cooper', 'Reed', 'Bennett', 'Foster'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Krüger', 'Zimmermann'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Gagnon', 'Tremblay', 'Côté'],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'De Luca'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer'],
  sv: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Lindqvist'],
  pl: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański'],
  ie: ["O'Brien", 'Murphy', 'Kelly', "O'Sullivan", 'Walsh', 'Byrne', 'Ryan', "O'Connor", 'McCarthy', 'Doyle'],
};

export interface PersonName {
  first: string;
  last: string;
}

/** A first and last name typical for the region. */
export function personName(rng: Rng, region: NameRegion): PersonName {
  return { first: rng.pick(FIRST[region]), last: rng.pick(LAST[region]) };
}

/** Lower-case ASCII form of a name part for an email local part ("Lefèvre" → "lefevre", "O'Brien" → "obrien"). */
export function emailPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
